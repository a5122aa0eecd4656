package dues

// ParseBaseForTest exposes parseBase to the external tests.
var ParseBaseForTest = parseBase
