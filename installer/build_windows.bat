@echo off
rem Windows build: dist\SoSangKien\ and, with Inno Setup 6.3+ installed, dist\SoSangKien-VERSION-setup.exe
rem Needs Python 3.11+ from python.org (the "py" launcher). Extra arguments go to installer\build.py.
cd /d "%~dp0.."
py -3 installer\build.py %*
exit /b %ERRORLEVEL%
