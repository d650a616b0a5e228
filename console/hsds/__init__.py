"""Open Referral HSDS 3.0 import and export of the referral directory.

``import_directory`` reads a CSV data package (folder or .zip) or HSDS JSON
and adds or updates records by their HSDS ids; ``export_directory`` writes
a CSV data package. Both return a ``Report``. Heavy modules load on use, so
the command line stays quick to start.
"""
