"""The app for production servers, inside the package so an installed wheel has it:
`gunicorn app.wsgi:app`, `flask --app app.wsgi db upgrade`."""

from app import create_app

app = create_app()
