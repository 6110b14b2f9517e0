package workday_test

import (
	"fmt"
	"time"

	"github.com/siopi/siopi/workday"
)

func ExampleCalendar_NextWorkingDay() {
	// Milan's patron saint, Sant'Ambrogio, is on 7 December.
	milan, err := workday.New(workday.Config{PatronSaint: &workday.MonthDay{Month: time.December, Day: 7}, PatronSaintName: "Sant'Ambrogio"})
	if err != nil {
		panic(err)
	}
	// A 30-day term received on 7 November 2026 ends on Monday 7 December,
	// Sant'Ambrogio, followed by the Immacolata: the deadline moves to the 9th.
	deadline := workday.NewDate(2026, time.November, 7).AddDays(30)
	name, _ := milan.Holiday(deadline)
	fmt.Println(deadline, name, "->", milan.NextWorkingDay(deadline))
	// Output: 2026-12-07 Sant'Ambrogio -> 2026-12-09
}

func ExampleDate_At() {
	// On 25 October 2026 clocks go back: 09:00 in Rome is 08:00 UTC, not 07:00.
	fmt.Println(workday.NewDate(2026, time.October, 25).At(9, 0).UTC())
	// Output: 2026-10-25 08:00:00 +0000 UTC
}
