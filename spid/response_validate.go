package spid

import (
	"context"
	"errors"
)

// ParseResponseXML validates a decoded SAML Response received at the ACS
// with every SPID check (checklist C, items 31–49) and returns the identity.
// It consumes the stored request the Response answers, so a second call with
// the same Response fails with ErrUnknownRequest or ErrReplay.
func (sp *SP) ParseResponseXML(ctx context.Context, xml []byte) (*Identity, error) {
	return nil, newError("response", ErrMalformed, errors.New("not implemented yet"))
}
