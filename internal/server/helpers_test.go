package server_test

import (
	"strconv"

	"mentorspor/internal/domain"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func postgresCopingFilter(citizenID int64) domain.CopingFilter {
	return domain.CopingFilter{CitizenID: &citizenID}
}
