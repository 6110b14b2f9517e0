package instance

import (
	"strconv"
	"strings"

	"github.com/siopi/siopi/workday"
)

// Summary is the textual summary of every datum of an application, shown on
// one screen immediately before the final confirmation (C.SE.1.4) and used as
// the protocolled application document.
type Summary struct {
	Service  string
	Sections []SummarySection
}

// SummarySection is one step's data.
type SummarySection struct {
	Title string
	Items []SummaryItem
}

// SummaryItem is a field's label and its displayed value.
type SummaryItem struct {
	Field string
	Label string
	Value string
}

// Summary returns the summary of app's data: visible fields with a value, in
// form order, with values as citizens read them (Sì/No, option labels, dates
// as DD/MM/YYYY, file names with their size).
func (s *Service) Summary(app *Application) Summary {
	vis := s.Visible(app.Data)
	sum := Summary{Service: s.Title}
	for _, st := range s.Form() {
		sec := SummarySection{Title: st.Title}
		for _, f := range st.Fields {
			if !vis[f.Name] {
				continue
			}
			if v := f.display(app.Data[f.Name], app.Attachments); v != "" {
				sec.Items = append(sec.Items, SummaryItem{Field: f.Name, Label: f.Label, Value: v})
			}
		}
		if len(sec.Items) > 0 {
			sum.Sections = append(sum.Sections, sec)
		}
	}
	return sum
}

// Summary is [Service.Summary] for an application of the desk's catalogue.
func (d *Desk) Summary(app *Application) Summary {
	svc, err := d.Service(app.ServiceID)
	if err != nil {
		return Summary{}
	}
	return svc.Summary(app)
}

func (f *Field) display(v string, files []Attachment) string {
	v = strings.TrimSpace(v)
	switch f.Type {
	case FieldFile:
		var names []string
		for _, a := range files {
			if a.Field == f.Name {
				names = append(names, a.Name+" ("+humanSize(a.Size)+")")
			}
		}
		return strings.Join(names, ", ")
	case FieldCheckbox:
		if v == "true" {
			return "Sì"
		}
		return ""
	case FieldSelect:
		for _, o := range f.Options {
			if o.Value == v {
				return o.Label
			}
		}
	case FieldDate:
		if d, err := workday.ParseDate(v); err == nil {
			return formatDate(d)
		}
	}
	return v
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(formatFloat(float64(n)/(1<<20)), ".", ",", 1) + " MB"
	case n >= 1<<10:
		return strings.Replace(formatFloat(float64(n)/(1<<10)), ".", ",", 1) + " kB"
	}
	return itoa(n) + " byte"
}

// Text renders the summary as plain text, one "Label: value" per line under
// each step's title.
func (s Summary) Text() string {
	var b strings.Builder
	b.WriteString("Riepilogo: " + s.Service + "\n")
	for _, sec := range s.Sections {
		b.WriteString("\n" + sec.Title + "\n")
		for _, it := range sec.Items {
			b.WriteString("- " + it.Label + ": " + it.Value + "\n")
		}
	}
	return b.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
