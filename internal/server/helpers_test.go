package server_test

import (
	"strconv"

	"mentorspor/internal/postgres"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func postgresCopingFilter(citizenID int64) postgres.CopingFilter {
	return postgres.CopingFilter{CitizenID: &citizenID}
}
