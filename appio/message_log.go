package appio

import (
	"log/slog"

	"github.com/siopi/siopi/fiscalcode"
)

// LogValue logs the message without the recipient's full fiscal code or
// the body.
func (m NewMessage) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("fiscal_code", fiscalcode.Mask(m.FiscalCode)),
		slog.Int("subject_len", UTF16Len(m.Content.Subject)),
		slog.Int("markdown_len", UTF16Len(m.Content.Markdown)),
	}
	if m.FeatureLevel != "" {
		attrs = append(attrs, slog.String("feature_level", string(m.FeatureLevel)))
	}
	if p := m.Content.PaymentData; p != nil {
		attrs = append(attrs, slog.Int64("amount", p.Amount), slog.String("notice_number", p.NoticeNumber))
	}
	return slog.GroupValue(attrs...)
}

// LogValue logs the message's id and status without the recipient's full
// fiscal code or the body.
func (m Message) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", m.ID),
		slog.String("fiscal_code", fiscalcode.Mask(m.FiscalCode)),
		slog.String("status", string(m.Status)),
	)
}

// LogValue logs the activation without the citizen's full fiscal code.
func (a Activation) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("service_id", a.ServiceID),
		slog.String("fiscal_code", fiscalcode.Mask(a.FiscalCode)),
		slog.String("status", string(a.Status)),
		slog.Int("version", a.Version),
	)
}
