// Package notice renders the pagoPA payment notice ("Avviso di pagamento pagoPA", Avvisi 3.x) as
// PDF, with the QR code that payment apps scan and, for ECs with a postal account, the Poste
// "Bollettino postale PA" Data Matrix (pagopa.md §4).
//
// # Layout
//
// The first page carries the subject (oggetto), the creditor block (name, sector, contacts, fiscal
// code, logo), the recipient block, "Quanto e quando pagare?" with the amount and due date, "Dove
// pagare?" (online and in person) and then the payment slips that fit. Each slip ("Banche e altri
// canali") shows the QR code, recipient, creditor, subject, CBILL code, the notice number grouped
// 4-4-4-4-2 and the creditor's fiscal code; with a postal account a "Bollettino postale PA" slip
// follows with its Data Matrix and code line. Discounted and reduced amounts (fines), the single
// payment (rata unica) and each instalment (rata) get their own slip; further pages hold three
// slips each, or two when each carries a postal slip.
//
// # Codes
//
// The QR code holds [QRPayload] — PAGOPA|002|<NAV>|<EC fiscal code>|<cents> — at error
// correction level M, drawn as vector squares 30 mm wide with a quiet zone. The Data Matrix holds
// [PosteDataMatrix], built as PagoPA's own generator builds it.
//
// # Fonts
//
// Text is set in Titillium Web (the Italian PA typeface, SIL Open Font License; see fonts/OFL.txt),
// embedded as a Unicode subset in each PDF, so any debtor's name prints. [Config.WinAnsi] embeds it
// in Windows-1252 encoding instead (about twice as fast, an eighth of the garbage, but characters
// outside Windows-1252 print as "?"); [Config.CoreFonts] uses Helvetica.
//
// # Concurrency and speed
//
// A [Renderer] is safe for concurrent use. One single-payment notice takes about 12 ms of CPU in
// the default mode and 6.5 ms with WinAnsi (BenchmarkRenderSingle*).
package notice
