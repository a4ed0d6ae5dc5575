package domain

import (
	"sort"
	"time"
)

// Sign-in lock-out: after LockoutFailures failed attempts for a username
// within LockoutWindow, sign-in for it is refused for LockoutDuration.
const (
	LockoutFailures = 5
	LockoutWindow   = 15 * time.Minute
	LockoutDuration = 15 * time.Minute
)

// LockedUntil returns when sign-in for a username opens again, given the
// times of its failed attempts since its last successful sign-in; the zero
// time means it is not locked. The lock starts at the failure that makes
// LockoutFailures within LockoutWindow.
func LockedUntil(failures []time.Time, now time.Time) time.Time {
	ts := append([]time.Time(nil), failures...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	var until time.Time
	for i := LockoutFailures - 1; i < len(ts); i++ {
		first, last := ts[i-LockoutFailures+1], ts[i]
		if last.Sub(first) <= LockoutWindow {
			if u := last.Add(LockoutDuration); u.After(until) {
				until = u
			}
		}
	}
	if !until.After(now) {
		return time.Time{}
	}
	return until
}
