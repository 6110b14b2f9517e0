// Package workday is the Italian civil calendar in Europe/Rome: civil dates,
// national holidays, a municipality's patron-saint day and working-day
// arithmetic.
//
// It is a leaf package shared by instance (legal deadlines under L. 241/1990,
// which move to the next working day when they fall on a holiday) and booking
// (offices closed on holidays).
//
// # Dates and instants
//
// A [Date] is a civil date with no time zone. [DateOf] gives the civil date of an
// instant in Europe/Rome and [Date.At] the instant of a civil time on that date,
// so that code never confuses "the 30th of March" with "24 hours after the 29th"
// across a change of daylight-saving time. The time-zone database is embedded
// (time/tzdata), so the package works on machines without one.
//
// # Holidays
//
// National holidays (L. 260/1949 and L. 54/1977 as amended): 1 and 6 January,
// Easter Monday, 25 April, 1 May, 2 June, 15 August, 4 October (from 2026, after
// the 2025 amendment that restored San Francesco d'Assisi), 1 November,
// 8 December, 25 and 26 December. A [Calendar] adds the municipality's patron
// saint and any extra closed days. Italy has no "observed on Monday" rule: a
// holiday that falls on a Sunday is not moved.
package workday
