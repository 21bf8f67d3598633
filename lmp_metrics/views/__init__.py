"""What a page, export or command shows: words and tables built from metric frames."""
