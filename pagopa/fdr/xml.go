package fdr

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/workday"
)

// MaxXMLSize is the largest flow [ParseXML] accepts (about 150,000 lines).
const MaxXMLSize = 64 << 20

// Parse errors, for errors.Is.
var (
	ErrTooLarge = errors.New("fdr: flow too large")
	ErrDoctype  = errors.New("fdr: DOCTYPE not allowed")
	ErrSyntax   = errors.New("fdr: malformed flow")
)

var flowIDRe = regexp.MustCompile(`^[a-zA-Z0-9\-_]{1,35}$`)

// xmlFlow mirrors ctFlussoRiversamento (FlussoRiversamento_1_0_4.xsd). Elements are matched by
// local name, in any namespace.
type xmlFlow struct {
	XMLName        xml.Name `xml:"FlussoRiversamento"`
	Version        string   `xml:"versioneOggetto"`
	ID             string   `xml:"identificativoFlusso"`
	DateTime       string   `xml:"dataOraFlusso"`
	Regulation     string   `xml:"identificativoUnivocoRegolamento"`
	RegulationDate string   `xml:"dataRegolamento"`
	Sender         struct {
		ID   string `xml:"identificativoUnivocoMittente>codiceIdentificativoUnivoco"`
		Name string `xml:"denominazioneMittente"`
	} `xml:"istitutoMittente"`
	BIC      string `xml:"codiceBicBancaDiRiversamento"`
	Receiver struct {
		ID   string `xml:"identificativoUnivocoRicevente>codiceIdentificativoUnivoco"`
		Name string `xml:"denominazioneRicevente"`
	} `xml:"istitutoRicevente"`
	TotalPayments string    `xml:"numeroTotalePagamenti"`
	TotalAmount   string    `xml:"importoTotalePagamenti"`
	Lines         []xmlLine `xml:"datiSingoliPagamenti"`
}

type xmlLine struct {
	IUV     string `xml:"identificativoUnivocoVersamento"`
	IUR     string `xml:"identificativoUnivocoRiscossione"`
	Index   string `xml:"indiceDatiSingoloPagamento"`
	Amount  string `xml:"singoloImportoPagato"`
	Outcome string `xml:"codiceEsitoSingoloPagamento"`
	Date    string `xml:"dataEsitoSingoloPagamento"`
}

// ParseXML parses a legacy FlussoRiversamento document (the payload of nodoChiediFlussoRendicontazione,
// after base64 decoding). It reads at most [MaxXMLSize] bytes, refuses any DOCTYPE (so no entity
// expansion), and checks every field against the XSD's simple types.
func ParseXML(r io.Reader) (*Flow, error) { return ParseXMLLimit(r, MaxXMLSize) }

// ParseXMLBase64 parses a flow sent base64-encoded, as the xmlRendicontazione element of
// nodoChiediFlussoRendicontazioneRisposta carries it. Whitespace in the base64 text is ignored.
func ParseXMLBase64(r io.Reader) (*Flow, error) {
	return ParseXML(base64.NewDecoder(base64.StdEncoding, newlineStripper{r}))
}

// newlineStripper drops the line breaks and spaces that SOAP payloads insert into base64 text.
type newlineStripper struct{ r io.Reader }

func (s newlineStripper) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		j := 0
		for _, c := range p[:n] {
			if c != '\n' && c != '\r' && c != ' ' && c != '\t' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

// ParseXMLLimit is [ParseXML] with a size limit of its own, in bytes.
func ParseXMLLimit(r io.Reader, limit int64) (*Flow, error) {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	dec := xml.NewDecoder(lr)
	dec.Strict = true
	var raw xmlFlow
	for {
		tok, err := dec.Token()
		if err != nil {
			if lr.N <= 0 {
				return nil, ErrTooLarge
			}
			return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, ErrDoctype
		case xml.StartElement:
			if t.Name.Local != "FlussoRiversamento" {
				return nil, fmt.Errorf("%w: root element %s", ErrSyntax, t.Name.Local)
			}
			if err := dec.DecodeElement(&raw, &t); err != nil {
				if lr.N <= 0 {
					return nil, ErrTooLarge
				}
				return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
			}
			return raw.flow()
		}
	}
}

func (x *xmlFlow) flow() (*Flow, error) {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	f := &Flow{
		ID: strings.TrimSpace(x.ID), Regulation: strings.TrimSpace(x.Regulation), PSP: strings.TrimSpace(x.Sender.ID),
		PSPName: x.Sender.Name, BIC: x.BIC, Receiver: strings.TrimSpace(x.Receiver.ID), ReceiverName: x.Receiver.Name,
	}
	if !flowIDRe.MatchString(f.ID) {
		bad("identificativoFlusso %q", cut(f.ID))
	}
	var err error
	if f.Date, err = parseDateTime(x.DateTime); err != nil {
		bad("dataOraFlusso %q", cut(x.DateTime))
	}
	if f.RegulationDate, err = time.Parse(time.DateOnly, strings.TrimSpace(x.RegulationDate)); err != nil {
		bad("dataRegolamento %q", cut(x.RegulationDate))
	}
	if !text35(f.Regulation) {
		bad("identificativoUnivocoRegolamento")
	}
	if !text35(f.PSP) || !text35(f.Receiver) {
		bad("codiceIdentificativoUnivoco of sender or receiver")
	}
	if n, err := strconv.Atoi(strings.TrimSpace(x.TotalPayments)); err != nil || n < 1 {
		bad("numeroTotalePagamenti %q", cut(x.TotalPayments))
	} else {
		f.TotalPayments = n
	}
	if f.TotalAmount, err = pagopa.ParseAmount(strings.TrimSpace(x.TotalAmount)); err != nil {
		bad("importoTotalePagamenti %q", cut(x.TotalAmount))
	}
	if len(x.Lines) == 0 {
		bad("no datiSingoliPagamenti")
	}
	f.Lines = make([]Line, 0, len(x.Lines))
	for i, xl := range x.Lines {
		l, err := xl.line()
		if err != nil {
			bad("datiSingoliPagamenti[%d]: %v", i, err)
			if len(errs) > 10 {
				break
			}
			continue
		}
		f.Lines = append(f.Lines, l)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrSyntax, strings.Join(errs, "; "))
	}
	return f, nil
}

func (xl xmlLine) line() (Line, error) {
	l := Line{IUV: strings.TrimSpace(xl.IUV), IUR: strings.TrimSpace(xl.IUR), Index: 1}
	if !text35(l.IUV) || !text35(l.IUR) {
		return l, errors.New("IUV and IUR must be 1..35 characters")
	}
	if s := strings.TrimSpace(xl.Index); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			return l, fmt.Errorf("indiceDatiSingoloPagamento %q", cut(s))
		}
		l.Index = n
	}
	a, err := pagopa.ParseAmount(strings.TrimSpace(xl.Amount))
	if err != nil || a <= 0 {
		return l, fmt.Errorf("singoloImportoPagato %q", cut(xl.Amount))
	}
	l.Amount = a
	switch strings.TrimSpace(xl.Outcome) {
	case "0":
		l.Outcome = Executed
	case "3":
		l.Outcome = Revoked
	case "9":
		l.Outcome = NoRPT
	default:
		return l, fmt.Errorf("codiceEsitoSingoloPagamento %q", cut(xl.Outcome))
	}
	if l.Date, err = time.Parse(time.DateOnly, strings.TrimSpace(xl.Date)); err != nil {
		return l, fmt.Errorf("dataEsitoSingoloPagamento %q", cut(xl.Date))
	}
	return l, nil
}

// parseDateTime reads an xsd:dateTime with or without zone; a zone-less value is Europe/Rome
// local time, as the node writes it.
func parseDateTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, workday.Rome())
	return t.UTC(), err
}

func text35(s string) bool { return s != "" && len([]rune(s)) <= 35 }

func cut(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
