package instance

// ExampleServices returns the five services of the brochure's initial offer,
// as a Comune would define them: a residence certificate, a change of address,
// school canteen enrolment, a permit to occupy public land and a road
// maintenance report. Each call returns fresh values, which callers may adapt.
func ExampleServices() []*Service {
	return []*Service{
		ResidenceCertificate(), ChangeOfAddress(), SchoolCanteen(), PublicLandOccupation(), RoadMaintenanceReport(),
	}
}

// Example service IDs.
const (
	ServiceResidenceCertificate = "certificato-residenza"
	ServiceChangeOfAddress      = "cambio-indirizzo"
	ServiceSchoolCanteen        = "iscrizione-mensa-scolastica"
	ServicePublicLand           = "occupazione-suolo-pubblico"
	ServiceRoadReport           = "segnalazione-manutenzione-strade"
)

var defaultNotices = map[State]string{
	StateSubmitted: "Gentile {{.Applicant}}, la sua richiesta «{{.Service}}» è stata ricevuta" +
		"{{if .Deadline}}; il procedimento si concluderà entro il {{.Deadline}}{{end}}.",
	StateRegistered:           "La sua richiesta «{{.Service}}» è stata protocollata con il numero {{.Protocol}}.",
	StateIntegrationRequested: "Per la richiesta «{{.Service}}» l'ufficio chiede un'integrazione: {{.Reason}}",
	StateRejectionNotice: "Preavviso di rigetto (art. 10-bis L. 241/1990) per «{{.Service}}»: {{.Reason}}. " +
		"Può presentare osservazioni entro 10 giorni.",
	StateAccepted:          "La sua richiesta «{{.Service}}» è stata accolta. {{.Late}}",
	StateRejected:          "La sua richiesta «{{.Service}}» è stata respinta: {{.Reason}} {{.Late}}",
	StateAcceptedBySilence: "La sua richiesta «{{.Service}}» è accolta per silenzio-assenso (art. 20 L. 241/1990).",
}

// ResidenceCertificate is "Certificato di residenza": paid upfront (marca da
// bollo and diritti di segreteria), no protocol.
func ResidenceCertificate() *Service {
	return &Service{
		ID: ServiceResidenceCertificate, Title: "Certificato di residenza", Category: CategoryRegistry,
		Office: "anagrafe", Access: AccessSPIDL2, TermDays: 5, LegalSource: "Regolamento comunale sui procedimenti, art. 3",
		Page: ServicePage{
			Summary:     "È il certificato che attesta la residenza nel Comune e il relativo indirizzo.",
			Who:         "Chiunque abbia interesse, per sé o per un altro residente.",
			WhatYouNeed: "SPID o CIE; la marca da bollo si paga online con pagoPA, salvo esenzione.",
			WhatYouGet:  "Il certificato in formato PDF firmato digitalmente.",
			Costs:       "16,00 euro di imposta di bollo e 0,52 euro di diritti di segreteria.",
			Contacts:    "Ufficio Anagrafe",
		},
		Payment:          Payment{Mode: PaymentUpfront, Amount: 1652, Taxonomy: "9/0101109AP/", Reason: "Certificato di residenza"},
		Classification:   Classification{Title: TitleDemography, Class: 2, Label: "Anagrafe e certificazioni"},
		AllowWithdraw:    true,
		AllowIntegration: true,
		Steps: WithFields(DefaultSteps(), StepDocuments,
			Field{Name: "uso", Label: "Uso del certificato", Type: FieldSelect, Required: true, Options: []Option{
				{Value: "bollo", Label: "In bollo"}, {Value: "esente", Label: "In esenzione dall'imposta di bollo"}}},
			Field{Name: "motivo_esenzione", Label: "Norma di esenzione", Type: FieldText, Required: true, MaxLen: 200,
				ShowIf: &Condition{Field: "uso", Equals: "esente"}}),
		Notices: defaultNotices,
	}
}

// ChangeOfAddress is "Cambio di indirizzo": the registry office checks it
// within 45 days, after which it is accepted by silence (D.L. 5/2012 art. 5).
func ChangeOfAddress() *Service {
	return &Service{
		ID: ServiceChangeOfAddress, Title: "Cambio di indirizzo all'interno del Comune", Category: CategoryRegistry,
		Office: "anagrafe", Access: AccessSPIDL2, TermDays: 45, LegalSource: "D.L. 5/2012, art. 5, comma 3",
		SilenceMeansConsent: true, ProtocolRequired: true, AllowWithdraw: true, AllowIntegration: true, AllowReopening: true,
		Substitute: "Segretario comunale",
		Page: ServicePage{
			Summary:    "Comunica il trasferimento della residenza a un nuovo indirizzo nel Comune.",
			Who:        "Chi trasferisce la propria dimora abituale a un altro indirizzo del Comune.",
			HowTo:      "Compila la dichiarazione online entro 20 giorni dal trasloco.",
			WhatYouGet: "La registrazione del nuovo indirizzo in ANPR.",
			Times:      "L'ufficio verifica entro 45 giorni; in mancanza di comunicazioni vale il silenzio-assenso.",
		},
		Classification: Classification{Title: TitleDemography, Class: 2, Label: "Anagrafe e certificazioni"},
		Steps: WithFields(DefaultSteps(), StepDocuments,
			Field{Name: "indirizzo", Label: "Nuovo indirizzo", Type: FieldText, Required: true, MaxLen: 200},
			Field{Name: "data_trasferimento", Label: "Data del trasferimento", Type: FieldDate, Required: true, DateRule: DatePast},
			Field{Name: "componenti", Label: "Numero dei componenti che si trasferiscono", Type: FieldNumber, Required: true, Min: ptr(1), Max: ptr(20)},
			Field{Name: "titolo_occupazione", Label: "Titolo dell'occupazione", Type: FieldFile, Required: true,
				Accept: []string{"application/pdf"}, MaxBytes: 5 << 20, Help: "Contratto di affitto, atto di proprietà o comodato."}),
		Notices: defaultNotices,
	}
}

// SchoolCanteen is "Iscrizione al servizio di mensa scolastica": the
// beneficiary is the pupil; the fee is asked later (deferred payment).
func SchoolCanteen() *Service {
	pupil := []Field{
		{Name: FieldBeneficiaryCode, Label: "Codice fiscale dell'alunno", Type: FieldFiscalCode, Required: true},
		{Name: FieldBeneficiaryGiven, Label: "Nome dell'alunno", Type: FieldText, Required: true, MaxLen: 100},
		{Name: FieldBeneficiaryFamily, Label: "Cognome dell'alunno", Type: FieldText, Required: true, MaxLen: 100},
		{Name: "scuola", Label: "Scuola", Type: FieldSelect, Required: true, Options: []Option{
			{Value: "infanzia-rodari", Label: "Scuola dell'infanzia G. Rodari"},
			{Value: "primaria-montessori", Label: "Scuola primaria M. Montessori"}}},
		{Name: "classe", Label: "Classe", Type: FieldText, Required: true, Pattern: `[1-5][A-Z]`, PatternHint: "ad esempio 3B"},
		{Name: "dieta", Label: "Dieta", Type: FieldSelect, Required: true, Options: []Option{
			{Value: "normale", Label: "Normale"}, {Value: "sanitaria", Label: "Dieta sanitaria"}, {Value: "etico-religiosa", Label: "Dieta etico-religiosa"}}},
		{Name: "certificato_medico", Label: "Certificato medico", Type: FieldFile, Required: true, ShowIf: &Condition{Field: "dieta", Equals: "sanitaria"},
			Accept: []string{"application/pdf", "image/jpeg", "image/png"}, MaxBytes: 5 << 20},
	}
	steps := DefaultSteps()
	steps[2].Fields = append([]Field{{Name: FieldBeneficiaryIsOther, Label: "Il beneficiario è una persona diversa dal richiedente",
		Type: FieldCheckbox, Required: true}}, pupil...)
	steps = WithFields(steps, StepDocuments,
		Field{Name: "isee", Label: "Valore ISEE (euro)", Type: FieldNumber, Min: ptr(0)},
		Field{Name: "iban_rimborsi", Label: "IBAN per eventuali rimborsi", Type: FieldIBAN, Prefill: PrefillIBAN})
	return &Service{
		ID: ServiceSchoolCanteen, Title: "Iscrizione al servizio di mensa scolastica", Category: CategoryEducation,
		Office: "pubblica-istruzione", Access: AccessSPIDL2, ProtocolRequired: true, AllowWithdraw: true, AllowIntegration: true,
		Page: ServicePage{
			Summary: "Iscrive l'alunno al servizio di refezione scolastica per l'anno scolastico.",
			Who:     "Genitori o tutori di alunni delle scuole dell'infanzia e primarie del Comune.",
			Costs:   "La tariffa dipende dall'ISEE e viene richiesta con avviso pagoPA dopo l'iscrizione.",
		},
		Payment:        Payment{Mode: PaymentDeferred, Amount: 15000, Taxonomy: "9/0201102IM/", Reason: "Mensa scolastica"},
		Classification: Classification{Title: TitlePersonal, Class: 1, Label: "Diritto allo studio e servizi"},
		Steps:          steps,
		Notices:        defaultNotices,
	}
}

// PublicLandOccupation is "Occupazione di suolo pubblico": a permit with a
// deferred fee (canone unico patrimoniale) computed by the office.
func PublicLandOccupation() *Service {
	return &Service{
		ID: ServicePublicLand, Title: "Richiesta di occupazione di suolo pubblico", Category: CategoryPermits,
		Office: "polizia-municipale", Access: AccessSPIDL2, TermDays: 30, ProtocolRequired: true,
		AllowWithdraw: true, AllowIntegration: true, AllowReopening: true, Substitute: "Comandante della Polizia locale",
		Page: ServicePage{
			Summary: "Autorizza l'occupazione temporanea di strade e piazze per cantieri, traslochi, dehors ed eventi.",
			Costs:   "Canone unico patrimoniale secondo la superficie e la durata.",
		},
		Payment:        Payment{Mode: PaymentDeferred, Taxonomy: "9/0301109AP/", Reason: "Canone occupazione suolo pubblico"},
		Classification: Classification{Title: TitlePolice, Class: 2, Label: "Polizia stradale"},
		Steps: WithFields(DefaultSteps(), StepDocuments,
			Field{Name: "luogo", Label: "Indirizzo dell'occupazione", Type: FieldText, Required: true, MaxLen: 200},
			Field{Name: "motivo", Label: "Motivo", Type: FieldSelect, Required: true, Options: []Option{
				{Value: "cantiere", Label: "Cantiere edile"}, {Value: "trasloco", Label: "Trasloco"},
				{Value: "dehors", Label: "Dehors"}, {Value: "evento", Label: "Manifestazione o evento"}}},
			Field{Name: "inizio", Label: "Data di inizio", Type: FieldDate, Required: true, DateRule: DateFuture},
			Field{Name: "fine", Label: "Data di fine", Type: FieldDate, Required: true, DateRule: DateFuture},
			Field{Name: "superficie", Label: "Superficie (m²)", Type: FieldNumber, Required: true, Min: ptr(1), Max: ptr(2000)},
			Field{Name: "planimetria", Label: "Planimetria dell'area", Type: FieldFile, Required: true,
				Accept: []string{"application/pdf"}, MaxBytes: 10 << 20}),
		Notices: defaultNotices,
	}
}

// RoadMaintenanceReport is "Segnalazione di manutenzione stradale": three
// steps (no beneficiary), photos, no protocol; a report needs no art. 10-bis
// notice before it is closed as unfounded.
func RoadMaintenanceReport() *Service {
	return &Service{
		ID: ServiceRoadReport, Title: "Segnalazione problematica strade, segnaletica o pericolo su patrimonio pubblico",
		Category: CategoryMobility, Office: "ufficio-tecnico", Access: AccessSPIDL1, TermDays: 30,
		RejectionNoticeExempt: true, AllowWithdraw: true, AllowIntegration: true, AllowReopening: true,
		Page: ServicePage{
			Summary: "Segnala buche, segnaletica danneggiata o situazioni di pericolo su strade e spazi pubblici.",
		},
		Classification: Classification{Title: TitleTerritory, Class: 5, Label: "Opere pubbliche"},
		Steps: []Step{
			DefaultSteps()[0],
			{ID: "report", Title: "Segnalazione", Fields: []Field{
				{Name: "tipo", Label: "Tipo di problema", Type: FieldSelect, Required: true, Options: []Option{
					{Value: "buca", Label: "Buca o dissesto"}, {Value: "segnaletica", Label: "Segnaletica"},
					{Value: "illuminazione", Label: "Illuminazione pubblica"}, {Value: "altro", Label: "Altro"}}},
				{Name: "altro_tipo", Label: "Descrivi il tipo di problema", Type: FieldText, Required: true, MaxLen: 100,
					ShowIf: &Condition{Field: "tipo", Equals: "altro"}},
				{Name: "luogo", Label: "Luogo", Type: FieldText, Required: true, MaxLen: 200},
				{Name: "descrizione", Label: "Descrizione", Type: FieldTextArea, Required: true, MaxLen: 600},
				{Name: "foto", Label: "Fotografie", Type: FieldFile, MaxFiles: 3, Accept: []string{"image/jpeg", "image/png"}, MaxBytes: 10 << 20},
				{Name: "email", Label: "Indirizzo e-mail per gli aggiornamenti", Type: FieldEmail, Required: true, Prefill: PrefillEmail},
			}},
			{ID: StepDocuments, Title: "Riepilogo e invio"},
		},
		Notices: defaultNotices,
	}
}

func ptr(n int64) *int64 { return &n }
