package model

import "fmt"

// Date is a calendar date as the number YYYYMMDD; it compares in date order.
type Date int32

// MakeDate returns the Date of y-m-d without checking it.
func MakeDate(y, m, d int) Date { return Date(y*10000 + m*100 + d) }

// Year, Month and Day split a Date.
func (d Date) Year() int  { return int(d) / 10000 }
func (d Date) Month() int { return int(d) / 100 % 100 }
func (d Date) Day() int   { return int(d) % 100 }

// String returns the ISO form "2025-01-31", or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), d.Month(), d.Day())
}
