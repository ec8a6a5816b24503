"""Errors the user can fix (bad file, bad option); the scripts print them and exit with code 2."""


class UserError(Exception):
    """A problem with the user's input: the message names the file or option and what is wrong."""
