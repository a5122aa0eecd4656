package roster

// SetBeforeWrite lets the external tests change the database between an import's check
// pass and its write transaction.
func SetBeforeWrite(s *Service, fn func()) { s.beforeWrite = fn }
