package sqlstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/internal/testpg"
	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidstoretest"
	"github.com/siopi/siopi/sqlstore"
)

// testOrg is the fiscal code of the municipality the tests' records
// belong to.
const testOrg = "01199250158"

// openers are the databases the suites run on: SQLite in a temporary file
// and, when SIOPI_TEST_POSTGRES is set, a PostgreSQL schema of the test's.
var openers = []struct {
	name string
	open func(testing.TB) *sqlstore.DB
	skip func(testing.TB)
}{
	{"SQLite", openSQLite, func(testing.TB) {}},
	{"Postgres", openPostgres, func(t testing.TB) { testpg.DSN(t) }},
}

func TestSPIDRequestStore(t *testing.T) {
	t.Parallel()
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			o.skip(t)
			spidstoretest.TestRequestStore(t, func(t *testing.T) spid.RequestStore { return o.open(t).SPIDRequests() })
		})
	}
}

func TestSPIDReplayStore(t *testing.T) {
	t.Parallel()
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			o.skip(t)
			spidstoretest.TestReplayStore(t, func(t *testing.T) spid.ReplayStore { return o.open(t).SPIDReplay() })
		})
	}
}

func TestSPIDRegister(t *testing.T) {
	t.Parallel()
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			o.skip(t)
			spidstoretest.TestRegister(t, func(t *testing.T) (spid.Register, func(*testing.T) []spid.Transaction) {
				r := o.open(t).SPIDRegister(testOrg)
				return r, func(t *testing.T) []spid.Transaction {
					got, err := r.Transactions(t.Context(), time.Time{}, time.Time{})
					if err != nil {
						t.Fatal(err)
					}
					return got
				}
			})
		})
	}
}

// TestSPIDRegisterRetention checks that the register keeps entries for 24
// months: PurgeRegister deletes older ones only, and refuses a younger
// bound; Transactions selects by reception time.
func TestSPIDRegisterRetention(t *testing.T) {
	t.Parallel()
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			o.skip(t)
			r := o.open(t).SPIDRegister(testOrg)
			now := time.Now().UTC().Truncate(time.Microsecond)
			for _, age := range []int{30, 25, 23, 0} { // months
				tx := spid.Transaction{Provider: "spid", AuthnReqID: "_m" + string(rune('0'+age/10)) + string(rune('0'+age%10)),
					Outcome: "success", Received: now.AddDate(0, -age, 0)}
				if err := r.Record(t.Context(), tx); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := r.PurgeRegister(t.Context(), now.AddDate(0, -23, 0)); !errors.Is(err, sqlstore.ErrRetention) {
				t.Fatalf("PurgeRegister 23 months back: %v, want ErrRetention", err)
			}
			n, err := r.PurgeRegister(t.Context(), now.AddDate(0, -24, 0))
			if err != nil || n != 2 {
				t.Fatalf("PurgeRegister 24 months back = %d, %v; want 2 deleted", n, err)
			}
			got, err := r.Transactions(t.Context(), now.AddDate(0, -24, 0), now)
			if err != nil || len(got) != 1 || got[0].AuthnReqID != "_m23" {
				t.Fatalf("Transactions of the last 24 months = %+v, %v; want _m23 only", got, err)
			}
			all, err := r.Transactions(t.Context(), time.Time{}, time.Time{})
			if err != nil || len(all) != 2 {
				t.Fatalf("all Transactions = %d, %v; want 2", len(all), err)
			}
		})
	}
}

// TestSeveralMunicipalities checks that one database keeps the registers
// and App IO keys of several municipalities apart.
func TestSeveralMunicipalities(t *testing.T) {
	t.Parallel()
	const other = "80016350821"
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			o.skip(t)
			db := o.open(t)
			old := time.Now().AddDate(-3, 0, 0)
			for _, org := range []string{testOrg, other} {
				for _, id := range []string{"_old", "_new"} {
					received := time.Now()
					if id == "_old" {
						received = old
					}
					if err := db.SPIDRegister(org).Record(t.Context(), spid.Transaction{Provider: "spid", AuthnReqID: org + id,
						Outcome: "success", Received: received}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if n, err := db.SPIDRegister(other).PurgeRegister(t.Context(), time.Now().AddDate(-2, 0, 0)); err != nil || n != 1 {
				t.Fatalf("PurgeRegister = %d, %v; want 1", n, err)
			}
			for org, want := range map[string]int{testOrg: 2, other: 1} {
				got, err := db.SPIDRegister(org).Transactions(t.Context(), time.Time{}, time.Time{})
				if err != nil || len(got) != want {
					t.Errorf("%s: %d transactions, %v; want %d", org, len(got), err, want)
				}
				for _, tx := range got {
					if tx.AuthnReqID[:len(org)] != org {
						t.Errorf("%s: entry %s of another municipality", org, tx.AuthnReqID)
					}
				}
			}

			a, b := db.AppIOSent(testOrg), db.AppIOSent(other)
			if _, err := a.Reserve(t.Context(), "k"); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Reserve(t.Context(), "k"); err != nil {
				t.Errorf("Reserve of the same key by another municipality: %v", err)
			}
			if err := a.Complete(t.Context(), "k", "01ARZ3NDEKTSV4RRFFQ69G5FAV"); err != nil {
				t.Fatal(err)
			}
			if rec, err := b.Get(t.Context(), "k"); err != nil || rec.State != appio.SentPending {
				t.Errorf("other municipality's key = %+v, %v; want still pending", rec, err)
			}
		})
	}
}
