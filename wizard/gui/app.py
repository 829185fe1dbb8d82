"""The application around the window: fonts and style, settings, logging, error dialogs.

Start-up shows the first page as soon as Qt can, then loads the rule set and the rest in
the next turn of the event loop, before any input is handled. Imports that the first page
does not need wait until then.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from types import TracebackType
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWizard

from ..core.clock import Clock, system_clock
from ..i18n import tr
from ..ownfiles import open_append, own_file
from ..paths import (APP_ID, APPLICATION, ORGANIZATION, builtin_rules_dir, data_dir, log_file, private_dir,
                     resources_dir, settings_file)
from .safesettings import open_settings


LARGER_TEXT = "spasm-wizard-larger-text"  # a property of the application, once enlarged
_guarded: Any = None  # the scroll areas' accessible-interface factory, once installed


def guard_scroll_areas() -> None:
    """Once, after the QApplication (whose own factory would otherwise come first) and before
    the first scroll area; not before the first page is shown, which has none (2 ms)."""
    global _guarded
    if _guarded:
        return
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAccessibleWidget, QScrollArea
    client = QAccessible.Role.Client

    def scroll_area(_key: str, obj: Any) -> Any:
        """Qt's accessible scroll area (QAccessibleAbstractScrollArea::child) reads its list
        of children without checking the index. A screen reader that asks for a child by an
        index it counted before the page changed (the scroll bar hides with the page, so two
        children become one) crashed the app: seen through AT-SPI with Qt 6.8 to 6.11. Our
        scroll areas get Qt's plain widget interface instead, which answers such an index
        with nothing. Qt asks this only while a screen reader or another assistive tool is on,
        for each object it makes an interface for."""
        return QAccessibleWidget(obj, client) if isinstance(obj, QScrollArea) else None

    QAccessible.installFactory(scroll_area)
    _guarded = scroll_area  # kept referenced as long as Qt may call it


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Back Spasm Wizard")
    app.setDesktopFileName(APP_ID)  # the menu entry's id: Wayland's icon for the window
    if app.property(LARGER_TEXT) is None:  # once: a second call must not enlarge it again
        font = QFont(app.font())
        font.setPointSizeF(max(font.pointSizeF() * 1.15, 11.0))  # larger text for tired eyes
        app.setFont(font)
        app.setProperty(LARGER_TEXT, font.pointSizeF())
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    return app


_qt_translator: Any = None


def use_language(app: QApplication, requested: str | None) -> tuple[str, str | None]:
    """Speak the language asked for (--lang), else the one chosen on the Welcome page, else
    the system's (the environment, then Qt's system locale: Windows and macOS set no
    LANG); Qt's own words (standard buttons, dialogs, menus) too. The language in use, and
    the code asked for when it is not available (English then)."""
    from PySide6.QtCore import QLocale

    from ..i18n import resolve, system_language
    from ..settings import stored_language
    requested = requested or stored_language() or system_language() or QLocale.system().name()
    code, notice = resolve(requested)
    set_language_everywhere(app, code)
    return code, (requested if notice else None)


def set_language_everywhere(app: QApplication, code: str) -> None:
    """The app's catalogue, Qt's (qtbase_LANG.qm, shipped with PySide6) and the locale that
    Qt's date and number boxes use."""
    global _qt_translator
    from PySide6.QtCore import QLocale

    from ..i18n import set_language
    code = set_language(code)
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    base = code.split("-")[0]
    QLocale.setDefault(QLocale(base))
    if base != "en":  # English needs no catalogue, nor these two classes (0.2 ms to make)
        from PySide6.QtCore import QLibraryInfo, QTranslator
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(base), "qtbase", "_", folder):
            app.installTranslator(translator)
            _qt_translator = translator


def offer_languages(app: QApplication, wizard: Any, load: Any) -> None:
    """The choice of language on the Welcome pages: remembered in the settings (the next
    start uses it, unless --lang says otherwise), and the pages built again in it at once,
    with the rule set in it (`load` reads the language in use)."""
    def change_language(code: str) -> None:
        set_language_everywhere(app, code)
        if wizard.settings is not None:
            wizard.settings.setValue("window/language", code)
            wizard.settings.sync()
        wizard.rebuild(load)
    wizard.language_chosen = change_language


def set_icon(app: QApplication) -> None:
    from PySide6.QtGui import QIcon
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))


def start_logging() -> str:
    import logging
    path = log_file()
    log = logging.getLogger("wizard")
    try:
        private_dir(data_dir())
        private_dir(path.parent)
        own_file(path)  # a link or a pipe there is put aside: the log is never written elsewhere
        handler: logging.Handler = logging.StreamHandler(open_append(path))
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        # translators: where the log goes, in "The details were saved in {log}."
        path = tr("the terminal (the data folder cannot be written)")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return str(path)


def say_on_first_page(wizard: QWizard, text: str) -> None:
    """A problem with the person's data, in words at the top of the page they see first."""
    from PySide6.QtWidgets import QLabel
    page = wizard.page(wizard.startId())
    layout = page.layout() if page is not None else None
    if layout is None:
        return
    label = QLabel(text)
    label.setObjectName("data-problem")
    label.setWordWrap(True)
    label.setAccessibleName(text)
    layout.insertWidget(0, label)


def tell(parent: QWizard | None, title: str, text: str) -> None:
    """A box that says something, with OK. QMessageBox is not imported at the top: PySide
    makes a class's Python type and its enums when a module first asks for it, and
    QMessageBox's take 1.9 ms, which every start would pay for a box most never see."""
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.information(parent, title, text)


def error_dialog(title: str, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox  # not at the top: see tell
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    if details:
        box.setDetailedText(details)
    box.exec()


def install_excepthook(log_path: str) -> None:
    """Any unexpected error: logged, and a dialog that says what happened and where the log
    is. The window stays open with the answers in it; never a bare traceback."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import logging
        import traceback
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        logging.getLogger("wizard").error(
            "unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        error_dialog(tr("Something went wrong"),
                     tr("Something went wrong: {error}.\n\n"
                        "Your answers are still here. The details were saved in {log}.",
                        error=value or kind.__name__, log=log_path))

    sys.excepthook = hook


NO_SCREEN = ("spasm-wizard: no screen was found, so the window cannot open. The plan also "
             "comes as text: spasm-wizard plan --answers FILE (see spasm-wizard --help).")


def no_screen() -> bool:
    """On Linux and the BSDs, Qt needs an X or Wayland display (or a platform chosen)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def keep_qt_files_inside() -> None:
    """Qt's own settings (the file dialog's history, QtProject.conf) go into the data folder,
    not ~/.config: Delete my data removes them with the rest."""
    folder = str(data_dir() / "qt")
    for form in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(form, QSettings.Scope.UserScope, folder)


def already_open() -> int:
    tell(None, tr("Already open"),
         tr("Back Spasm Wizard is already open in another window. Please use that window."))
    return 0


def run(debug: bool = False, clock: Clock = system_clock, lang: str | None = None) -> int:
    starting_without_gc = not gc.isenabled()  # cli.py turns it off until the window is ready
    if no_screen():
        print(NO_SCREEN, file=sys.stderr)
        return 1
    # Every file and folder the window makes is the person's alone: ours are made so, and
    # so are Qt's (the lock, QtProject.conf with the file dialog's last folder).
    os.umask(0o077)
    keep_qt_files_inside()
    app = application()
    language, unknown = use_language(app, lang)
    if not debug:  # from the start: an error in any slot is a dialog, never a traceback
        install_excepthook(str(log_file()))
    from .wizard import SpasmWizard, open_store
    notices: list[tuple[str, str]] = []
    try:
        private_dir(data_dir())
    except OSError as exc:  # said with the history's problem below; the plan still works
        from ..words import system_reason
        notices.append((tr("Your data folder cannot be used"),
                        tr("The folder {folder} cannot be used ({error}). "
                           "The app still works, but it will not remember your answers.",
                           folder=data_dir(), error=system_reason(exc))))
    from .lock import take
    lock = take(data_dir())
    if lock is None:
        return already_open()
    run.lock = lock  # held while the window is open
    settings, problem = open_settings(settings_file())
    if problem:  # a whole sentence (safesettings.open_settings)
        notices.append((tr("Your settings were reset"), problem))
    if unknown and settings is not None and settings.value("window/language_said") != unknown:
        settings.setValue("window/language_said", unknown)  # said once, not at every start
        notices.append((tr("Language not available"),
                        tr("Back Spasm Wizard does not speak the language '{code}' yet. It "
                           "uses English. You can choose another language on the first page.",
                           code=unknown)))

    def load():  # noqa: ANN202
        from ..i18n import language
        from ..rulecache import load as load_rules  # the parsed rule set, from the cache
        return load_rules(builtin_rules_dir(), data_dir(), language=language())

    wizard = SpasmWizard(clock=clock, settings=settings, loader=load)

    offer_languages(app, wizard, load)

    def cannot_use(exc: Exception) -> None:
        wizard.set_store(None, tr("Your history cannot be used: {error}. This plan is not saved.",
                                  error=exc))
        notices.append((tr("Your history cannot be used"),
                        tr("Your history cannot be used: {error}.\n\nThe app still works, but "
                           "it will not remember your answers.", error=exc)))

    def use_store(store: Any, open_days: int | None = None) -> None:
        try:  # reading it may still fail (another program took it meanwhile): say so, go on
            wizard.set_store(store, open_days=open_days)
        except Exception as exc:  # noqa: BLE001 - the window opens whatever the history holds
            store.close()
            cannot_use(exc)

    def open_history() -> None:
        try:
            store = open_store(app.processEvents)
        except Exception as exc:  # noqa: BLE001 - HistoryError, or damage it did not foresee
            cannot_use(exc)
            return
        if store.notice:
            notices.append((tr("Your history was damaged"), store.notice))
        use_store(store)

    returning = (data_dir() / "history.sqlite3").exists()
    if returning:
        # A returning person's first page depends on the history ("Welcome back"): the
        # history is read before the window shows. The store remembers how long an episode
        # stays open, so the rules can wait; without that (a store from before), they load now.
        from ..core.errors import RuleSetError
        try:
            store = open_store(app.processEvents)
            days = store.known_open_days()
        except Exception:  # noqa: BLE001 - open_history, below, says what is wrong
            store, days = None, None
        if store is not None and store.notice:
            notices.append((tr("Your history was damaged"), store.notice))
        if days is not None:
            use_store(store, open_days=days)
        else:
            try:
                wizard.ensure_ready()
                if store is not None:
                    use_store(store)
                else:
                    open_history()  # says what is wrong
            except RuleSetError:
                pass  # said in a dialog by finish_start, below
    wizard.show()
    if os.environ.get("SPASM_WIZARD_QUIT_WHEN_SHOWN"):  # benchmarks/startup.py: first page shown
        def shown() -> None:  # the turn after show(): the page is on screen
            if os.environ["SPASM_WIZARD_QUIT_WHEN_SHOWN"] == "say":  # and when, for startup.py
                print(f"shown at {time.monotonic_ns()}", flush=True)
            app.exit(0)
        QTimer.singleShot(0, shown)
        return app.exec()

    def finish_start() -> None:
        from ..core.errors import RuleSetError
        log_path = start_logging()
        if not debug:
            install_excepthook(log_path)

        def start_again() -> None:  # after Delete my data: a new log, in a new folder
            path = start_logging()
            if not debug:
                install_excepthook(path)
        wizard.after_forget = start_again
        try:
            wizard.ensure_ready()
            if not returning:  # the history file is made with the first check-in
                wizard.store_factory = lambda: open_store(app.processEvents)
        except RuleSetError as exc:
            import logging
            logging.getLogger("wizard").error("invalid rule set: %s", exc)
            wizard.hide()
            error_dialog(tr("The rules cannot be used"),
                         tr("Back Spasm Wizard cannot start because its rule set has a mistake. "
                            "Please report this."), str(exc))
            app.exit(3)
            return
        QTimer.singleShot(0, guard_scroll_areas)  # before the first question page is built
        QTimer.singleShot(0, lambda: set_icon(app))  # the next turn: the rules come first
        QTimer.singleShot(0, wizard.build_ahead)  # the first question page, while they read
        if starting_without_gc:  # cli.py: the start-up's objects live as long as the window
            gc.freeze()
            gc.enable()
        quit_when_ready = os.environ.get("SPASM_WIZARD_QUIT_WHEN_READY")  # benchmarks, CI
        # No one to press OK when scripted: the notices go to stderr too, and a timer's exit
        # ends their dialogs' loops (stopped after them, so that it ends nothing later).
        ender = QTimer()
        ender.setSingleShot(True)
        ender.timeout.connect(lambda: app.exit(0))
        if quit_when_ready and notices:
            ender.start(0)
        for title, text in notices:
            say_on_first_page(wizard, text)
            if quit_when_ready:
                print(f"spasm-wizard: {title}: {text}", file=sys.stderr)
            tell(wizard, title, text)
        ender.stop()
        if quit_when_ready:
            app.exit(0)

    QTimer.singleShot(0, finish_start)
    return app.exec()
