// Package cie implements "Entra con CIE", the SAML 2.0 login with the
// Italian electronic identity card (Carta d'Identità Elettronica), as a
// profile of the [github.com/siopi/siopi/spid] engine.
//
// CIE's SAML profile (cie-eid-saml-docs, federazione.rst and protocolli.rst)
// differs from SPID's in the SP metadata, in the AuthnRequest and in logout;
// the response validation is the same. This package holds only what
// differs: the configuration, the cie: metadata extensions, the CieID server
// endpoints of the production and pre-production environments, and the
// "Entra con CIE" button.
//
// # Metadata
//
// The SP metadata carries an md:ContactPerson contactType="administrative"
// (and optionally "technical", for a technology partner) whose md:Extensions
// hold elements of the [Namespace] namespace with the prefix "cie":
// cie:Public or cie:Private, cie:IPACode (public, required), cie:IPACategory,
// cie:VATNumber and/or cie:FiscalCode (private), cie:NACE2Code,
// cie:Municipality (required), cie:Province and cie:Country. Company equals
// the OrganizationName. Attribute sets may request only the eIDAS minimum
// data set ([EIDASAttributes]).
//
// # Environments
//
// The Ministry of the Interior runs a production and a pre-production CieID
// server ([Production], [PreProduction]); the SP uploads one metadata file
// per environment on the CIE federation portal. The pre-production IdP
// metadata is embedded; the production metadata is fetched from
// [Environment.MetadataURL] by the caller.
//
// # The "Entra con CIE" button
//
// No package ships CIE's button artwork, so this package draws its own after
// the official guidelines: [Button] renders accessible markup, [ButtonCSS]
// and [Assets] give the style sheet and the icon to the portal.
package cie
