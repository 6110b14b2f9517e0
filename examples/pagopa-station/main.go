// Command pagopa-station runs a creditor body's paForNode SOAP station with
// a few demo debt positions in memory, so that it can be exercised from
// outside with any SOAP client (SoapUI, curl, pagopa-mock-ec's requests):
//
//	go run ./examples/pagopa-station -listen :8089 -ec 01199250158 \
//		-broker 15376371009 -station 15376371009_01 -segregation 1
//
// The station answers POST / (any path). Receipts are logged.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/station"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8089", "listen address")
	ec := flag.String("ec", "01199250158", "the creditor body's fiscal code (idPA)")
	broker := flag.String("broker", "15376371009", "the intermediary's fiscal code (idBrokerPA)")
	stationID := flag.String("station", "15376371009_01", "the station ID (idStation)")
	segregation := flag.Int("segregation", 1, "segregation code of the demo notice numbers (0-99)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(*listen, *ec, *broker, *stationID, *segregation, log); err != nil {
		log.Error("pagopa-station", "err", err)
		os.Exit(1)
	}
}

func run(listen, ec, broker, stationID string, segregation int, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	store := pagopa.NewMemoryStore()
	demos, err := seed(ctx, store, ec, segregation, time.Now())
	if err != nil {
		return err
	}
	st, err := station.New(station.Config{
		Organizations: []string{ec}, BrokerID: broker, StationID: stationID, Store: store, Logger: log,
		OnReceipt: func(_ context.Context, r pagopa.Receipt) {
			log.Info("receipt", "notice", r.NoticeNumber.Printed(), "amount", r.Amount.String(), "psp", r.PSP.ID)
		},
	})
	if err != nil {
		return err
	}
	fmt.Printf("paForNode station for EC %s (broker %s, station %s) on http://%s/\n\n", ec, broker, stationID, listen)
	fmt.Printf("%-24s  %10s  %-10s  %s\n", "notice number", "amount", "due", "state")
	for _, d := range demos {
		fmt.Printf("%-24s  %10s  %-10s  %s\n", d.nav.Printed(), d.amount, pagopa.FormatDate(d.due), d.state)
	}
	fmt.Println()
	srv := &http.Server{Addr: listen, Handler: st, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
