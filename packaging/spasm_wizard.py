"""The program that packaging/build.py hands to Nuitka: the command `spasm-wizard`, as the
script pip writes would run it. The app itself comes from the build venv's installed
package (wizard, wizard.rules, wizard.resources), never from the checkout."""

from wizard.cli import run

run()
