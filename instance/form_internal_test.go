package instance

import "testing"

func TestFieldPatternIsAnchoredAndCached(t *testing.T) {
	t.Parallel()
	re, err := fieldPattern(`[0-9]{5}|[A-Z]{2}`)
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]bool{"00184": true, "RM": true, "00184RM": false, "x00184": false} {
		if re.MatchString(v) != want {
			t.Errorf("%q: got %v", v, !want)
		}
	}
	if again, _ := fieldPattern(`[0-9]{5}|[A-Z]{2}`); again != re {
		t.Error("the pattern was compiled twice")
	}
	if _, err := fieldPattern(`([`); err == nil {
		t.Error("a bad pattern compiled")
	}
}

func TestTaxonomyPattern(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{
		"9/0101101IM/": true, "9/0102100SA/": true, "9/0101109AP/": true, "9/0101109TS/": true, "9/0101109SP/": true,
		"9/0101109XX/": false, "9/010110IM/": false, "9/0101101IM": false, "9/0101101im/": false, "10/0101101IM/": false,
	} {
		if taxonomyPattern.MatchString(code) != want {
			t.Errorf("%s: got %v, want %v", code, !want, want)
		}
	}
}
