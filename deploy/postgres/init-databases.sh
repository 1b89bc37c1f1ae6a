#!/bin/sh
# A database per service, owned by the application user (runs once, on an empty volume).
set -e
for db in cohorts consultations fairs; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE $db OWNER $POSTGRES_USER"
done
