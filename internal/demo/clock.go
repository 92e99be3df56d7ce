package demo

import "time"

// timeNow is the demo's clock; tests may pin it.
var timeNow = time.Now
