package fiscalcode_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

func ExampleValidate() {
	for _, code := range []string{"RSSMRA79B11C566R", "RSSMRA79B11C566X", "RSSMRA79F11C566R"} {
		err := fiscalcode.Validate(code)
		switch {
		case err == nil:
			fmt.Println(code, "is valid")
		case errors.Is(err, fiscalcode.ErrCheckCharacter):
			fmt.Println(fiscalcode.Mask(code), "has a wrong check character")
		default:
			fmt.Println(fiscalcode.Mask(code), "is invalid:", err)
		}
	}
	// Output:
	// RSSMRA79B11C566R is valid
	// RSSMRA*********X has a wrong check character
	// RSSMRA*********R is invalid: fiscalcode: invalid month letter at position 9
}

func ExampleParse() {
	p, err := fiscalcode.Options{Reference: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}.Parse("FRNSSTTRDRLATMTQ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.BirthDate.Format(time.DateOnly), string(p.Sex), p.BirthPlace, "omocode:", p.Omocode)
	// Output: 1975-04-10 F A717 omocode: true
}

func ExampleOptions() {
	// App IO only checks the pattern and accepts its sandbox code.
	io := fiscalcode.Options{Lenient: true, AllowSandbox: true}
	fmt.Println(io.Validate(fiscalcode.SandboxCode) == nil)
	fmt.Println(fiscalcode.Validate(fiscalcode.SandboxCode) == nil)
	// Output:
	// true
	// false
}

func ExampleValidateOrganization() {
	fmt.Println(fiscalcode.ValidateOrganization("02438750586"))
	fmt.Println(fiscalcode.ValidateOrganization("02438750587"))
	// Output:
	// <nil>
	// fiscalcode: check digit mismatch at position 11: got '7', want '6'
}
