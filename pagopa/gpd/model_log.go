package gpd

import (
	"log/slog"

	"github.com/siopi/siopi/fiscalcode"
)

// LogValue identifies the position without the debtor's personal data (the fiscal code is masked,
// name and contacts are omitted).
func (p Position) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("iupd", p.IUPD),
		slog.String("status", string(p.Status)),
		slog.String("debtor", fiscalcode.Mask(p.FiscalCode)),
		slog.Int("options", len(p.PaymentOptions)),
	)
}

// LogValue identifies the v3 position without personal data.
func (p PositionV3) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("iupd", p.IUPD),
		slog.String("status", string(p.Status)),
		slog.Int("plans", len(p.PaymentOptions)),
	)
}

// LogValue masks the debtor's fiscal code and omits name and contacts.
func (d DebtorV3) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", string(d.Type)), slog.String("fiscalCode", fiscalcode.Mask(d.FiscalCode)))
}
