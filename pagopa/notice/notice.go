package notice

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/siopi/siopi/pagopa"
)

// ErrInvalid reports a notice that cannot be rendered; the message says which field.
var ErrInvalid = errors.New("notice: invalid notice")

// Notice is what a payment notice shows (the request model of PagoPA's notice generator, [PRINT]).
type Notice struct {
	Subject  string // oggetto del pagamento, ≤140 characters
	Creditor Creditor
	Debtor   Debtor

	// Single is the payment of the whole amount in one go (rata unica); nil when the notice only
	// offers instalments.
	Single *Payment
	// Reduced and Discounted are optional alternative amounts (fines: importo ridotto/scontato).
	Reduced, Discounted *Payment
	// Instalments are the instalments of a plan (rate), in order; empty for a single payment.
	Instalments []Payment
}

// Payment is one payable amount: a notice number, an amount and a due date.
type Payment struct {
	NAV     pagopa.NoticeNumber // 18 digits
	Amount  pagopa.Amount       // euro cents
	DueDate time.Time           // printed as its civil date in Europe/Rome; zero prints no date
}

// Creditor is the Ente Creditore's block.
type Creditor struct {
	FiscalCode string // 11 digits
	Name       string // e.g. "Comune di Prova"
	Sector     string // organisational unit, e.g. "Settore Tributi"
	Info       string // contacts, e.g. "www.comune.prova.it – tributi@comune.prova.it"
	Website    string // where to pay online ("sul sito di …"), optional
	CBILL      string // CBILL (interbank) code, 5 characters, optional
	Logo       []byte // PNG or JPEG, optional

	// PostalAccount is the EC's postal current account (conto corrente postale, ≤12 digits). When
	// set, every payment gets a "Bollettino postale PA" slip with its Data Matrix; the EC must
	// hold Poste's authorisation (PosteAuthorization) to print it.
	PostalAccount      string
	PosteAuthorization string // "Aut. n. …" printed on the postal slip
}

// Debtor is the recipient block.
type Debtor struct {
	FiscalCode string
	FullName   string
	Address    string // street and number
	PostalCode string
	City       string
	Province   string
}

// payments returns every payment of n in print order, with its label.
func (n *Notice) payments() []labelled {
	var out []labelled
	if n.Discounted != nil {
		out = append(out, labelled{*n.Discounted, "IMPORTO SCONTATO"})
	}
	if n.Reduced != nil {
		out = append(out, labelled{*n.Reduced, "IMPORTO RIDOTTO"})
	}
	if n.Single != nil {
		out = append(out, labelled{*n.Single, "RATA UNICA"})
	}
	for i, p := range n.Instalments {
		out = append(out, labelled{p, fmt.Sprintf("RATA %d di %d", i+1, len(n.Instalments))})
	}
	return out
}

type labelled struct {
	Payment
	label string
}

// Validate checks that n can be printed.
func (n *Notice) Validate() error {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if strings.TrimSpace(n.Subject) == "" || utf8.RuneCountInString(n.Subject) > 140 {
		bad("subject must be 1..140 characters")
	}
	if !allDigits(n.Creditor.FiscalCode, 11, 11) {
		bad("creditor fiscal code must be 11 digits")
	}
	if strings.TrimSpace(n.Creditor.Name) == "" {
		bad("creditor name is required")
	}
	if n.Creditor.CBILL != "" && len(n.Creditor.CBILL) > 5 {
		bad("CBILL code must be at most 5 characters")
	}
	if n.Creditor.PostalAccount != "" && !allDigits(n.Creditor.PostalAccount, 1, 12) {
		bad("postal account must be 1..12 digits")
	}
	if strings.TrimSpace(n.Debtor.FullName) == "" {
		bad("debtor name is required")
	}
	ps := n.payments()
	if len(ps) == 0 {
		bad("at least one payment (single or instalments) is required")
	}
	if len(n.Instalments) == 1 {
		bad("a plan needs at least two instalments; use Single")
	}
	for _, p := range ps {
		if _, err := pagopa.ParseNoticeNumberUnchecked(string(p.NAV)); err != nil {
			bad("%s: notice number must be 18 digits", strings.ToLower(p.label))
		}
		if p.Amount <= 0 || p.Amount > pagopa.MaxAmount {
			bad("%s: amount must be positive", strings.ToLower(p.label))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(errs, "; "))
	}
	return nil
}

// QRPayload returns the content of a payment's QR code (pagopa.md §4):
// PAGOPA|002|<NAV>|<EC fiscal code>|<amount in cents>.
func QRPayload(nav pagopa.NoticeNumber, creditorFiscalCode string, amount pagopa.Amount) string {
	return fmt.Sprintf("PAGOPA|002|%s|%s|%d", nav, creditorFiscalCode, amount.Cents())
}

// PosteDataMatrix returns the content of the Data Matrix of a "Bollettino postale PA" as PagoPA's
// generator builds it ([PRINT] TemplateDataMapper): "codfase=NBPA;" then 18+NAV, 12+account
// (12, zero-padded), 10+amount in cents (10, zero-padded), 3+"896", "1P1", then the EC fiscal code
// (11), the debtor's fiscal code (16), name (40) and the subject (110), space-padded or cut, 12
// spaces and "A". Text is transliterated to ASCII.
func PosteDataMatrix(n *Notice, p Payment) string {
	var b strings.Builder
	b.WriteString("codfase=NBPA;")
	b.WriteString(PosteCodeline(n.Creditor.PostalAccount, p))
	b.WriteString("1P1")
	b.WriteString(pad(n.Creditor.FiscalCode, 11))
	b.WriteString(pad(n.Debtor.FiscalCode, 16))
	b.WriteString(pad(n.Debtor.FullName, 40))
	b.WriteString(pad(n.Subject, 110))
	b.WriteString(strings.Repeat(" ", 12))
	b.WriteString("A")
	return b.String()
}

// PosteCodeline returns the printed code line of a postal slip: 18+NAV 12+account 10+amount 3+896.
func PosteCodeline(account string, p Payment) string {
	return fmt.Sprintf("18%s12%012s10%010d3896", p.NAV, account, p.Amount.Cents())
}

// pad transliterates s to ASCII, then pads it with spaces or cuts it to n bytes.
func pad(s string, n int) string {
	a := ascii(s)
	if len(a) >= n {
		return a[:n]
	}
	return a + strings.Repeat(" ", n-len(a))
}

var translit = strings.NewReplacer(
	"à", "a", "á", "a", "è", "e", "é", "e", "ì", "i", "í", "i", "ò", "o", "ó", "o", "ù", "u", "ú", "u",
	"À", "A", "Á", "A", "È", "E", "É", "E", "Ì", "I", "Í", "I", "Ò", "O", "Ó", "O", "Ù", "U", "Ú", "U",
	"’", "'", "‘", "'", "“", "\"", "”", "\"", "–", "-", "—", "-", "€", "EUR",
)

func ascii(s string) string {
	s = translit.Replace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

func allDigits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
