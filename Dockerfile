# syntax=docker/dockerfile:1
#
# dclic image: one image for the web app (gunicorn), the job worker and the migration job.
#   docker build -t dclic .
#   docker run --env-file .env -p 127.0.0.1:8000:8000 dclic          # web (default CMD)
#   docker run --env-file .env dclic flask --app wsgi dclic worker   # background jobs
#   docker run --env-file .env dclic flask --app wsgi db upgrade     # migrations
# See docs/deployment.md; compose.yaml wires all of them together.
#
# Where the code lives, and why it is not `pip install .`-ed into the virtualenv:
# dclic/app.py finds translations/, static/ and migrations/ next to the *package*
# (ROOT = parent of the dclic package directory). Installed into site-packages, ROOT would
# be site-packages and none of them would be found. So the virtualenv holds only the
# dependencies (read from pyproject.toml), the source tree is copied to /app, and /app is on
# PYTHONPATH: `import dclic` loads /app/dclic, hence ROOT = /app, whatever the working
# directory of the command (gunicorn, flask, the RQ worker).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- browser: the Socket.IO client of the chat pages, pinned in package-lock.json ------------
FROM node:20-bookworm-slim AS browser
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && mkdir /out \
 && sed '/^\/\/# sourceMappingURL=/d' node_modules/socket.io-client/dist/socket.io.min.js \
        > /out/socket.io.min.js

# --- builder: dependencies, compiled translations, the /app tree -----------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# Dependencies first, from pyproject.toml alone: this layer is rebuilt only when they change.
# Every dependency ships manylinux wheels (psycopg[binary], lxml, argon2-cffi, brotli, nh3),
# so no compiler is needed.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt

# The source (filtered by .dockerignore).
COPY . .
COPY --from=browser /out/socket.io.min.js static/js/vendor/socket.io.min.js

# Compile the catalogs (.po → .mo; the .mo files are not in git). Fails the build on a broken
# catalog, as it should.
RUN pybabel compile -d translations -D messages

# Assemble what the runtime needs, and only that. oai_pmh/ is optional until the OAI-PMH
# provider lands; the others are required.
RUN set -eu; \
    mkdir /app; \
    cp -a dclic migrations translations static wsgi.py gunicorn.conf.py /app/; \
    if [ -d oai_pmh ]; then cp -a oai_pmh /app/; fi; \
    find /app -name '__pycache__' -prune -exec rm -rf '{}' +; \
    find /app/translations \( -name '*.po' -o -name '*.pot' \) -delete; \
    python -m compileall -q /app; \
    chmod -R a+rX,go-w /app

# --- runtime --------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="dclic" \
      org.opencontainers.image.description="The D-CLIC learning platform (OIF)" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"

# DCLIC_ENV defaults to production so that a container started without configuration stops
# with the list of what is missing instead of quietly running on SQLite.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DCLIC_ENV=production \
    DCLIC_INSTANCE_PATH=/var/lib/dclic \
    HOME=/home/dclic \
    PORT=8000

# An unprivileged user; the code under /app stays owned by root and read-only to it. It writes
# to the instance folder (mount a volume there) and to its own home, where gunicorn (>= 27)
# puts its control socket (~/.gunicorn/): kept out of the instance volume, which several
# containers may share.
RUN groupadd --system --gid 10001 dclic \
 && useradd --system --uid 10001 --gid dclic --create-home --home-dir /home/dclic \
        --shell /usr/sbin/nologin dclic \
 && install -d -o dclic -g dclic -m 0750 /var/lib/dclic

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# /healthz answers over plain HTTP by IP address: it is exempt from the host check and the
# HTTPS redirect. No curl in the slim image, so Python does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

# gthread workers: Flask-SocketIO's WebSocket transport runs on them through simple-websocket.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
