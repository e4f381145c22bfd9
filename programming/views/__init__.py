"""Views, one module per screen family; ``urls.py`` wraps each in its access rule."""
