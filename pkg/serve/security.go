package serve

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/roadlog/roadlog/pkg/report"
)

// csp is the Content-Security-Policy of every response: scripts and
// styles from the site only (the bars' widths are style attributes), no
// frames, forms posting only to the site.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// accessCookie keeps the access token a browser opened the URL with: its
// name ends with the server's port, since a browser sends a host's cookies
// to every port of it, and two servers on one host each have their own
// token.
func accessCookie(port string) string { return "roadlog_access_" + port }

// IsLoopback reports whether a listening address is on loopback only
// (127.0.0.0/8, ::1, or the name localhost).
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// guard wraps h with the checks every request passes: the Host header (on
// loopback, only loopback names with the server's port: a page of another
// site that rebinds its name to 127.0.0.1 is refused), the access token
// (when the server has one), and for writes the session token and the
// origin. Every response gets the security headers.
func (s *Server) guard(addr net.Addr, h http.Handler) http.Handler {
	_, port, _ := net.SplitHostPort(addr.String())
	host, _, _ := net.SplitHostPort(addr.String())
	loopback := IsLoopback(host)
	allowed := map[string]bool{strings.ToLower(addr.String()): true}
	for _, name := range []string{"localhost", "127.0.0.1", "[::1]"} {
		allowed[name+":"+port] = true
		if port == "80" {
			allowed[name] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		if loopback && !allowed[strings.ToLower(r.Host)] {
			http.Error(w, "roadlog serve answers only requests for this computer (Host "+strings.Join([]string{"localhost", "127.0.0.1"}, " or ")+" with port "+port+")", http.StatusMisdirectedRequest)
			return
		}
		if s.opts.Access != "" && !s.access(w, r, accessCookie(port)) {
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if reason := s.writeRefusal(r); reason != "" {
				s.answer(w, r, http.StatusForbidden, result{Message: reason})
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// access checks the access token of a server on a non-loopback address: a
// request with ?access=TOKEN gets a cookie and is sent to the same address
// without it; others must have the cookie or the X-Roadlog-Access header.
func (s *Server) access(w http.ResponseWriter, r *http.Request, cookie string) bool {
	if q := r.URL.Query().Get("access"); q != "" && same(q, s.opts.Access) {
		http.SetCookie(w, &http.Cookie{
			Name: cookie, Value: s.opts.Access, Path: "/", HttpOnly: true,
			SameSite: http.SameSiteStrictMode, Expires: time.Now().Add(30 * 24 * time.Hour),
		})
		// To the same path on this server: a path that begins with "//"
		// ("//evil.example") would be read as another host's address.
		u := url.URL{Path: "/" + strings.TrimLeft(r.URL.Path, "/")}
		v := r.URL.Query()
		v.Del("access")
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return false
	}
	if c, err := r.Cookie(cookie); err == nil && same(c.Value, s.opts.Access) {
		return true
	}
	if same(r.Header.Get("X-Roadlog-Access"), s.opts.Access) {
		return true
	}
	http.Error(w, "open the address with ?access=… that roadlog serve printed", http.StatusUnauthorized)
	return false
}

// writeRefusal says why a write must be refused, or "".
func (s *Server) writeRefusal(r *http.Request) string {
	if s.opts.ReadOnly {
		return "this server is read-only (roadlog serve --read-only)"
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return "a write must come from roadlog's own pages (Sec-Fetch-Site: " + site + ")"
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
			return "a write must come from roadlog's own pages (Origin " + origin + ")"
		}
	}
	token := r.Header.Get("X-Roadlog-Token")
	if token == "" {
		// A plain form post: its token is in the form, which must be read
		// first (a body over the limit is said so, not taken for a form
		// without a token).
		err := r.ParseForm() // ParseMultipartForm alone hides its error behind ErrNotMultipart
		if err == nil {
			if err = r.ParseMultipartForm(maxForm); errors.Is(err, http.ErrNotMultipart) {
				err = nil
			}
		}
		if err != nil {
			return "the form could not be read: " + err.Error()
		}
		token = r.PostForm.Get(report.TokenField)
	}
	if !same(token, s.token) {
		return "this page's session has ended (roadlog serve was restarted): reload the page"
	}
	return ""
}

// same compares two tokens in constant time; "" never matches.
func same(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
