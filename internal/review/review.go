// Package review reads the reviews of a pull request in the JSON that
// GitHub's REST API gives (GET /repos/{owner}/{repo}/pulls/{n}/reviews) and
// says whose approval of the head commit counts. The pull-request gate takes
// a change to a file as made with the consent of whoever approved it.
package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Review is one review as GitHub lists it; fields pmgov does not read are
// left out.
type Review struct {
	ID   int64 `json:"id"`
	User *struct {
		Login string `json:"login"`
	} `json:"user"`
	State       string    `json:"state"`
	CommitID    string    `json:"commit_id"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// Login is the reviewer's login, "" for a deleted account (GitHub gives
// null).
func (r Review) Login() string {
	if r.User == nil {
		return ""
	}
	return r.User.Login
}

// MaxSize bounds the file read: a pull request's reviews are a few
// kilobytes; anything near this is not such a list.
const MaxSize = 16 << 20

// Parse reads a list of reviews: one JSON array, or several one after
// another, as `gh api --paginate` prints the pages. A syntax error is
// reported with the line and column it is at.
func Parse(r io.Reader) ([]Review, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("more than %d MiB: not a list of reviews", MaxSize>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []Review
	pages := 0
	for {
		var page []Review
		err := dec.Decode(&page)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, positioned(data, dec.InputOffset(), err)
		}
		out = append(out, page...)
		pages++
	}
	if pages == 0 {
		return nil, errors.New("empty: expected a JSON list of reviews ([] when there are none)")
	}
	return out, nil
}

// positioned puts the line and column of a decoding error in front of it.
func positioned(data []byte, off int64, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // the offset after the offending byte
	case errors.As(err, &te):
		off = te.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(data))
	}
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Errorf("%d:%d: %w", line, col, err)
}

// Approvers lists the logins whose approval of commit head counts: each
// reviewer's latest review that approves, requests changes or was
// dismissed decides (a comment neither gives nor withdraws an approval, as on
// GitHub), and it counts only when it is APPROVED and was given on head, so
// that an approval of an earlier commit does not carry over to commits
// pushed after it. Logins are as GitHub gives them; a login that is not
// plain ASCII is left out, since GitHub's never are and such a one could be
// made to look like another (see SameLogin).
func Approvers(reviews []Review, head string) []string {
	type last struct {
		r   Review
		pos int
	}
	latest := map[string]last{}
	for i, r := range reviews {
		// ASCII first: strings.ToLower turns the Kelvin sign into a k.
		if r.Login() == "" || !isASCII(r.Login()) {
			continue
		}
		login := strings.ToLower(r.Login())
		switch r.State {
		case "APPROVED", "CHANGES_REQUESTED", "DISMISSED":
		default:
			continue // COMMENTED, PENDING
		}
		prev, seen := latest[login]
		// The later submission wins; GitHub lists reviews in order, so
		// among equal times (or none) the later in the list does.
		if !seen || !r.SubmittedAt.Before(prev.r.SubmittedAt) {
			latest[login] = last{r, i}
		}
	}
	var out []string
	for _, l := range latest {
		if l.r.State == "APPROVED" && head != "" && strings.EqualFold(l.r.CommitID, head) {
			out = append(out, l.r.Login())
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out
}

// SameLogin compares two GitHub logins as GitHub does, ignoring ASCII case.
// A login with any other character matches nothing: Unicode case folding
// would let "K" (the Kelvin sign) stand for "k".
func SameLogin(a, b string) bool {
	return a != "" && isASCII(a) && isASCII(b) && strings.EqualFold(a, b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
