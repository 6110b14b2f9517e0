// Package fiscalcode validates and decodes Italian fiscal codes (codice fiscale).
//
// A person's code has 16 characters: three letters from the surname, three from
// the given name, the birth year, a month letter, the birth day (plus 40 for
// women), the Belfiore code of the birth place and a check character. An
// organisation's code, like a partita IVA, has 11 digits, the last of which is a
// Luhn-style check digit.
//
// # Validation levels
//
// [Validate] and [Parse] are strict: after normalising (trim, upper case) they
// check the format with exactly the pattern App IO enforces, the month letter,
// the day (1–31 or 41–71, within the month's length), the order of omocodic
// substitutions and the check character. [Options] relaxes this: Lenient checks
// only App IO's pattern, as App IO itself does, and AllowSandbox accepts
// [SandboxCode], App IO's test code, whose check character does not verify.
//
// # Omocodia
//
// When two people would get the same code, the Agenzia delle Entrate replaces
// the digits at positions 15, 14, 13, 11, 10, 8 and 7, in that order, with the
// letters L M N P Q R S T U V (for 0 to 9). Strict validation accepts such codes,
// requires the substitutions to run right to left, and computes the check
// character over the substituted string; [Parse] maps the letters back before
// decoding the birth data.
//
// # Errors
//
// Every failure wraps one of the sentinel errors ([ErrEmpty], [ErrFormat],
// [ErrMonth], [ErrDay], [ErrOmocode], [ErrCheckCharacter], [ErrCheckDigit]), so
// callers branch with errors.Is, and most carry an [*Error] that names the
// position. Error messages never contain the whole code: use [Mask] when a code
// must appear in a log line.
//
// Reference: DM 23 dicembre 1976 n. 13813; App IO's FiscalCode pattern.
package fiscalcode
