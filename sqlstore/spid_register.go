package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/spid"
)

// RegisterRetention is how long the transaction register keeps an entry
// (checklist E; DPCM 24/10/2014 art. 13): [SPIDRegister.PurgeRegister]
// deletes nothing younger.
const RegisterRetention = 24 // months

// ErrRetention is returned by [SPIDRegister.PurgeRegister] when asked to
// delete entries younger than [RegisterRetention] months.
var ErrRetention = errors.New("sqlstore: the register keeps entries for 24 months")

// SPIDRegister is the [spid.Register] of one municipality in a [DB], the
// transaction register of AgID's rules: one row per AuthnRequest/Response
// pair with every field of [spid.Transaction] and the municipality's fiscal
// code. It is append-only: Record inserts, a trigger
// refuses updates, and [SPIDRegister.PurgeRegister] deletes only entries
// older than the retention period. Encryption at rest and access control
// are the database's (disk encryption, grants).
type SPIDRegister struct {
	db  *DB
	org string
}

var _ spid.Register = (*SPIDRegister)(nil)

// SPIDRegister returns the [spid.Register] of the municipality whose
// fiscal code is org (the service provider the register belongs to).
func (db *DB) SPIDRegister(org string) *SPIDRegister { return &SPIDRegister{db: db, org: org} }

// Record implements [spid.Register].
func (r *SPIDRegister) Record(ctx context.Context, t spid.Transaction) error {
	_, err := r.db.write.ExecContext(ctx, `INSERT INTO spid_register (org, provider, authn_req_id, authn_req_issue_us,
			resp_id, resp_issue_us, resp_issuer, assertion_id, assertion_subject, assertion_subject_name_qualifier,
			level, outcome, error_code, authn_request_xml, response_xml, received_us)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		r.org, t.Provider, t.AuthnReqID, nullMicros(t.AuthnReqIssueInstant), t.RespID, nullMicros(t.RespIssueInstant),
		t.RespIssuer, t.AssertionID, t.AssertionSubject, t.AssertionSubjectNameQualifier, int(t.Level),
		t.Outcome, t.ErrorCode, t.AuthnRequestXML, t.ResponseXML, nullMicros(t.Received))
	if err != nil {
		return fmt.Errorf("sqlstore: record spid transaction: %w", err)
	}
	return nil
}

// Transactions returns the municipality's entries received in [from, to), in the order
// they were recorded. A zero from or to leaves that end open (entries
// recorded with a zero Received time are included only when from is zero).
func (r *SPIDRegister) Transactions(ctx context.Context, from, to time.Time) ([]spid.Transaction, error) {
	q := `SELECT provider, authn_req_id, authn_req_issue_us, resp_id, resp_issue_us, resp_issuer, assertion_id,
			assertion_subject, assertion_subject_name_qualifier, level, outcome, error_code, authn_request_xml,
			response_xml, received_us
		FROM spid_register WHERE org = $1 AND ($2 = 1 OR received_us >= $3) AND ($4 = 1 OR received_us < $5)
		ORDER BY seq`
	rows, err := r.db.read.QueryContext(ctx, q, r.org, bool01(from.IsZero()), micros(from), bool01(to.IsZero()), micros(to))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: read spid register: %w", err)
	}
	defer rows.Close()
	var out []spid.Transaction
	for rows.Next() {
		var (
			t                        spid.Transaction
			reqIssue, resp, received sql.NullInt64
			level                    int
		)
		if err := rows.Scan(&t.Provider, &t.AuthnReqID, &reqIssue, &t.RespID, &resp, &t.RespIssuer, &t.AssertionID,
			&t.AssertionSubject, &t.AssertionSubjectNameQualifier, &level, &t.Outcome, &t.ErrorCode,
			&t.AuthnRequestXML, &t.ResponseXML, &received); err != nil {
			return nil, fmt.Errorf("sqlstore: read spid register: %w", err)
		}
		t.Level = spid.Level(level)
		t.AuthnReqIssueInstant, t.RespIssueInstant, t.Received = fromNullMicros(reqIssue), fromNullMicros(resp), fromNullMicros(received)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: read spid register: %w", err)
	}
	return out, nil
}

// PurgeRegister deletes the municipality's entries received before before and returns how
// many it deleted. before must be at least [RegisterRetention] months in
// the past (by the DB's clock), or it fails with [ErrRetention] and deletes
// nothing. Entries recorded with a zero Received time are never purged.
func (r *SPIDRegister) PurgeRegister(ctx context.Context, before time.Time) (int64, error) {
	if before.After(r.db.now().AddDate(0, -RegisterRetention, 0)) {
		return 0, fmt.Errorf("sqlstore: purge spid register before %s: %w", before.UTC().Format(time.RFC3339), ErrRetention)
	}
	res, err := r.db.write.ExecContext(ctx, `DELETE FROM spid_register WHERE org = $1 AND received_us < $2`, r.org, micros(before))
	if err != nil {
		return 0, fmt.Errorf("sqlstore: purge spid register: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlstore: purge spid register: %w", err)
	}
	return n, nil
}

// bool01 is a flag as a query parameter both dialects compare with 1.
func bool01(b bool) int {
	if b {
		return 1
	}
	return 0
}
