package main

import (
	"crypto/rand"
	"net/http"
	"sync"

	"github.com/siopi/siopi/spid"
)

// sessionStore is a minimal cookie session store for the example; a real
// application uses its own (e.g. alexedwards/scs with RenewToken).
type sessionStore struct {
	mu sync.Mutex
	m  map[string]*spid.Identity
}

const cookieName = "cie_login_session"

func newSessionStore() *sessionStore {
	return &sessionStore{m: map[string]*spid.Identity{}}
}

// start opens a session with a fresh ID, ending the request's old one.
func (s *sessionStore) start(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
	s.end(w, r, nil)
	sid := rand.Text()
	s.mu.Lock()
	s.m[sid] = id
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: sid, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

func (s *sessionStore) get(r *http.Request) *spid.Identity {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[c.Value]
}

// end removes the request's session. CIE has no single logout, so there is
// no IdP-initiated logout to serve: only the citizen's own "Esci" ends a
// session.
func (s *sessionStore) end(w http.ResponseWriter, r *http.Request, _ *spid.Identity) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return
	}
	s.mu.Lock()
	delete(s.m, c.Value)
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1})
}
