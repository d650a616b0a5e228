from ui.app import run

run()
