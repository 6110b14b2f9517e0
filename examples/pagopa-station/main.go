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
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/station"
)

// options are the command-line flags.
type options struct {
	ec, broker, station string
	segregation         int
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8089", "listen address")
	var o options
	flag.StringVar(&o.ec, "ec", "01199250158", "the creditor body's fiscal code (idPA)")
	flag.StringVar(&o.broker, "broker", "15376371009", "the intermediary's fiscal code (idBrokerPA)")
	flag.StringVar(&o.station, "station", "15376371009_01", "the station ID (idStation)")
	flag.IntVar(&o.segregation, "segregation", 1, "segregation code of the demo notice numbers (0-99)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *listen)
	if err == nil {
		err = run(ctx, ln, o, os.Stdout, log)
	}
	if err != nil {
		log.Error("pagopa-station", "err", err)
		os.Exit(1)
	}
}

// run seeds the demo positions, prints them to stdout and serves the
// station on ln until ctx is done.
func run(ctx context.Context, ln net.Listener, o options, stdout io.Writer, log *slog.Logger) error {
	defer ln.Close()
	store := pagopa.NewMemoryStore()
	demos, err := seed(ctx, store, o.ec, o.segregation, time.Now())
	if err != nil {
		return err
	}
	st, err := station.New(station.Config{
		Organizations: []string{o.ec}, BrokerID: o.broker, StationID: o.station, Store: store, Logger: log,
		OnReceipt: func(_ context.Context, r pagopa.Receipt) {
			log.Info("receipt", "notice", r.NoticeNumber.Printed(), "amount", r.Amount.String(), "psp", r.PSP.ID)
		},
		OnDoublePayment: func(_ context.Context, r pagopa.Receipt) {
			log.Warn("double payment: kept for refund", "notice", r.NoticeNumber.Printed(), "amount", r.Amount.String(), "psp", r.PSP.ID, "receipt", r.ReceiptID)
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "paForNode station for EC %s (broker %s, station %s) on http://%s/\n\n", o.ec, o.broker, o.station, ln.Addr())
	fmt.Fprintf(stdout, "%-24s  %10s  %-10s  %s\n", "notice number", "amount", "due", "state")
	for _, d := range demos {
		fmt.Fprintf(stdout, "%-24s  %10s  %-10s  %s\n", d.nav.Printed(), d.amount, pagopa.FormatDate(d.due), d.state)
	}
	fmt.Fprintln(stdout)
	srv := &http.Server{Handler: st, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-stopped
	return nil
}
