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

// AddressLockoutFailures is the lock-out by client address, against password
// spraying (a few guesses at each of many usernames, which the per-username
// rule never sees): after this many failed attempts from one address within
// LockoutWindow, whatever the usernames, sign-in from that address is
// refused for LockoutDuration. It is high enough for an office behind one
// address where people now and then mistype.
const AddressLockoutFailures = 20

// LockedUntil returns when sign-in for a username opens again, given the
// times of its failed attempts since its last successful sign-in; the zero
// time means it is not locked. The lock starts at the failure that makes
// LockoutFailures within LockoutWindow.
func LockedUntil(failures []time.Time, now time.Time) time.Time {
	return lockedUntil(failures, LockoutFailures, now)
}

// AddressLockedUntil returns when sign-in from a client address opens again,
// given the times of the failed attempts from it (any username; a success
// does not reset the count, or an attacker with one account could). The
// zero time means it is not locked.
func AddressLockedUntil(failures []time.Time, now time.Time) time.Time {
	return lockedUntil(failures, AddressLockoutFailures, now)
}

// lockedUntil is the end of the latest lock that limit failures within
// LockoutWindow started, or zero when none lasts beyond now.
func lockedUntil(failures []time.Time, limit int, now time.Time) time.Time {
	ts := append([]time.Time(nil), failures...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	var until time.Time
	for i := limit - 1; i < len(ts); i++ {
		first, last := ts[i-limit+1], ts[i]
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
