@echo off
rem The Custos terminal client (Java 21 or newer: JAVA_HOME, or java on the PATH).
setlocal
set "JAVA=java"
if not "%JAVA_HOME%"=="" set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -jar "%~dp0..\lib\custos.jar" %*
