package sqlstore

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"

	"github.com/siopi/siopi/workday"
)

// The zero [workday.Date] marshals as "0000-00-00", which its UnmarshalText
// rejects (there is no month 0), so a document holding one (a draft's
// deadline, an open suspension's end) would not decode. marshalDoc writes
// null in its place, which decodes to the zero Date. It follows the Go type
// rather than the text, so that a form value "0000-00-00" stays a string.

var (
	dateType          = reflect.TypeFor[workday.Date]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	zeroDateJSON      = []byte(`"0000-00-00"`)
)

// marshalDoc is json.Marshal(v) with zero dates as null.
func marshalDoc(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || !bytes.Contains(b, zeroDateJSON) {
		return b, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	return json.Marshal(nullZeroDates(reflect.TypeOf(v), tree))
}

// nullZeroDates replaces, in the decoded JSON tree v of a value of type t,
// the zero dates by nil.
func nullZeroDates(t reflect.Type, v any) any {
	if v == nil {
		return nil
	}
	if t == dateType {
		if s, ok := v.(string); ok && s == string(zeroDateJSON[1:len(zeroDateJSON)-1]) {
			return nil
		}
		return v
	}
	if t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType) ||
		reflect.PointerTo(t).Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return v
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullZeroDates(t.Elem(), v)
	case reflect.Struct:
		if m, ok := v.(map[string]any); ok {
			nullStructDates(t, m)
		}
	case reflect.Slice, reflect.Array:
		if l, ok := v.([]any); ok {
			for i := range l {
				l[i] = nullZeroDates(t.Elem(), l[i])
			}
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok {
			for k := range m {
				m[k] = nullZeroDates(t.Elem(), m[k])
			}
		}
	}
	return v
}

// nullStructDates walks the fields of struct type t, encoded as m, with
// encoding/json's naming: the tag's name or the field's, embedded structs
// flattened.
func nullStructDates(t reflect.Type, m map[string]any) {
	for f := range t.Fields() {
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := bytes.Cut([]byte(f.Tag.Get("json")), []byte(","))
		if string(name) == "-" {
			continue
		}
		ft := f.Type
		if f.Anonymous && len(name) == 0 {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				nullStructDates(ft, m)
				continue
			}
		}
		key := f.Name
		if len(name) > 0 {
			key = string(name)
		}
		if x, ok := m[key]; ok {
			m[key] = nullZeroDates(ft, x)
		}
	}
}
