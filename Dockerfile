FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml package.json package-lock.json ./
RUN pip install --no-cache-dir . && npm ci --no-audit --no-fund
COPY . .
RUN pip install --no-cache-dir --no-deps . \
    && DJANGO_SETTINGS_MODULE=npms.settings.production SECRET_KEY=build-only \
       DATABASE_URL=postgis://build@build/build REDIS_URL=redis://build:6379/0 \
       ALLOWED_HOSTS=build DJANGO_ADMIN_URL=build-only/ python manage.py collectstatic --noinput
ENV DJANGO_SETTINGS_MODULE=npms.settings.production
EXPOSE 8000
CMD ["gunicorn", "npms.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
