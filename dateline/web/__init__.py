"""The HTTP API and web page (`dateline serve`): needs the server extra, pip install 'dateline[server]'."""
