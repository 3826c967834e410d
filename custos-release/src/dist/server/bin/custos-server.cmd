@echo off
rem Starts Custos from this distribution (Java 21 or newer: JAVA_HOME, or java on the PATH).
rem Custos keeps its data in .\data and reads .\config\application.yaml under CUSTOS_HOME, which is this
rem distribution's directory unless you set it. CUSTOS_JAVA_OPTS passes options to the JVM.
setlocal
set "DIST=%~dp0.."
if "%CUSTOS_HOME%"=="" set "CUSTOS_HOME=%DIST%"
set "JAVA=java"
if not "%JAVA_HOME%"=="" set "JAVA=%JAVA_HOME%\bin\java"
if not exist "%CUSTOS_HOME%" mkdir "%CUSTOS_HOME%"
cd /d "%CUSTOS_HOME%"
"%JAVA%" %CUSTOS_JAVA_OPTS% -jar "%DIST%\lib\custos-server.jar" %*
