package notice

// cp1252High maps the printable characters of Windows-1252's 0x80–0x9F range; 0xA0–0xFF are the
// Latin-1 code points themselves.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}

// toCP1252 encodes s in Windows-1252 for the non-Unicode fonts; other characters become "?".
// (fpdf's own translator shares a buffer between calls and is not safe for concurrent use.)
func toCP1252(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch c, ok := cp1252High[r]; {
		case ok:
			b = append(b, c)
		case r < 0x80 || (r >= 0xa0 && r <= 0xff):
			b = append(b, byte(r))
		default:
			b = append(b, '?')
		}
	}
	return string(b)
}
