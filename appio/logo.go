package appio

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

type logoPayload struct {
	Logo string `json:"logo"`
}

func checkPNG(png []byte) error {
	if !bytes.HasPrefix(png, pngSignature) {
		return &FieldError{Field: "logo", Reason: "not a PNG image"}
	}
	return nil
}

// UploadOrganizationLogo sets the logo of the organisation with the given
// fiscal code (IO operation uploadOrganizationLogo, PUT
// /organizations/{organization_fiscal_code}/logo). png must be a PNG image;
// it is sent base64-encoded. The upload is idempotent and retried like a
// read.
func (c *Client) UploadOrganizationLogo(ctx context.Context, organizationFiscalCode string, png []byte) error {
	if !orgCodeRE.MatchString(organizationFiscalCode) {
		return fmt.Errorf("appio: upload organization logo: %w", &FieldError{Field: "organization_fiscal_code", Reason: "want 11 digits"})
	}
	if err := checkPNG(png); err != nil {
		return fmt.Errorf("appio: upload organization logo: %w", err)
	}
	_, err := c.do(ctx, call{
		op: opUploadOrganization, method: http.MethodPut,
		path:  "/organizations/" + url.PathEscape(organizationFiscalCode) + "/logo",
		class: retrySafe, body: logoPayload{base64.StdEncoding.EncodeToString(png)}, ok: []int{http.StatusAccepted},
	})
	return err
}
