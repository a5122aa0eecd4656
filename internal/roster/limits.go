package roster

// Limits of an import. They keep a run's memory and time bounded whatever file arrives.
const (
	// MaxDataRows is the most data rows one import takes. A district is about 50,000 members
	// (DESIGN.md); 200,000 covers the biggest single upload we expect with room to spare,
	// while the in-file duplicate check (one map entry per row) and the one write
	// transaction stay small. Bigger rosters are imported in parts, one per committee.
	MaxDataRows = 200_000

	// MaxFileBytes is the largest upload: 200,000 rows of CSV is about 40 MB.
	MaxFileBytes = 100 << 20

	// MaxUnzippedBytes is the most an .xlsx may unpack to in all, and MaxUnzipRatio the most
	// one large part (over ratioFloor bytes) may expand relative to its packed size. Real
	// workbooks pack about 5–30 to 1; zip bombs pack hundreds or thousands to 1. Both are
	// checked on the zip's central directory before the workbook is opened, and the
	// declared sizes are enforced while reading (archive/zip refuses a part that unpacks to
	// more than it declared).
	MaxUnzippedBytes = 1 << 30
	MaxUnzipRatio    = 100
	ratioFloor       = 1 << 20
	maxZipEntries    = 10_000

	// unzipXMLMemory is how much of a worksheet excelize keeps in memory; bigger sheets are
	// unpacked to a temporary file and streamed from there.
	unzipXMLMemory = 16 << 20

	// MaxReportedErrors caps the row errors kept for one import; the count goes on.
	MaxReportedErrors = 10_000

	// batchRows is how many rows are looked up and written together.
	batchRows = 500

	// SmallExportRows: exports with fewer rows are written directly; bigger ones run as jobs.
	SmallExportRows = 5_000
)
