// Popup glue (issue 5).
