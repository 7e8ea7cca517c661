"""The Settings dialog: model, GPU offload, threads, answers, text size, contrast, emergency number.

It edits a copy of the settings and writes them (Settings.save) only when OK is pressed and every
value is valid; the window listens to `saved` and reloads the models when `needs_model_reload`.
"""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.accessible import describe
from engine import (
    MODEL_CATALOG,
    TEXT_SCALE_RANGE,
    Settings,
    default_threads,
    model_installed_path,
)

# Answer length choices and the token limit each stands for.
ANSWER_LENGTHS = (("Short", 192), ("Normal", 384), ("Long", 640))
MAX_PASSAGES = 10
OTHER_GGUF = "\x00other"  # the model combo's "Other GGUF file…" entry (never a real path)
_LAYERS = "layers"
# Settings fields the dialog edits, by the label the user sees (for validation messages).
FIELD_LABELS = {
    "model": "Model", "gpu_layers": "GPU offload", "n_threads": "CPU threads",
    "max_answer_tokens": "Answer length", "top_k_passages": "Passages", "text_scale": "Text size",
    "high_contrast": "High-contrast theme", "emergency_number": "Emergency number",
}
# Changing any of these means the chat model has to be loaded again.
_RELOAD_FIELDS = ("model", "gpu_layers", "n_threads", "n_ctx")


def needs_model_reload(old: Settings, new: Settings) -> bool:
    """True when the new settings load the chat model differently."""
    return any(getattr(old, name) != getattr(new, name) for name in _RELOAD_FIELDS)


def validation_message(error: ValidationError) -> tuple[str, str]:
    """(first field name, a message naming each bad setting by its label)."""
    lines, first = [], ""
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        first = first or name
        problem = "cannot be empty" if item["type"] == "string_too_short" else item["msg"]
        lines.append(f"{FIELD_LABELS.get(name, name)}: {problem}.")
    return first, "\n".join(lines)


def _cpu_count() -> int:
    return os.cpu_count() or 1


class SettingsDialog(QDialog):
    """Edits `settings`; `detected` says what GPU offload found (shown under the GPU choice)."""

    saved = Signal(object)  # the new Settings, after they were written

    def __init__(self, settings: Settings, detected: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.original = settings
        self.detected = detected
        self._model_index = 0  # the model entry to return to when browsing is cancelled
        self._build_model_row()
        self._build_offload_row()
        self._build_answer_rows()
        self._build_display_rows()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._describe()
        self._set_tab_order()
        self.load(settings)

    # --- building --------------------------------------------------------------------------

    def _build_model_row(self) -> None:
        self.model_combo = QComboBox()
        for key, model in MODEL_CATALOG.items():
            installed = model_installed_path(model).is_file()
            self.model_combo.addItem(model.label if installed else f"{model.label} — not installed",
                                     key)
        self.model_combo.addItem("Other GGUF file…", OTHER_GGUF)
        self.model_note = QLabel()
        self.model_note.setWordWrap(True)
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)
        self.model_combo.activated.connect(self._on_model_activated)

    def _build_offload_row(self) -> None:
        self.gpu_combo = QComboBox()
        self.gpu_combo.addItem("Automatic (use the GPU when there is one)", "auto")
        self.gpu_combo.addItem("Off (CPU only)", "cpu")
        self.gpu_combo.addItem("Number of layers on the GPU", _LAYERS)
        self.gpu_layers_spin = QSpinBox()
        self.gpu_layers_spin.setRange(1, 999)
        self.gpu_layers_spin.setSuffix(" layers")
        self.gpu_combo.currentIndexChanged.connect(self._on_gpu_changed)
        self.detected_label = QLabel(f"Detected: {self.detected}")
        self.detected_label.setWordWrap(True)
        self.threads_spin = QSpinBox()
        self.threads_spin.setSpecialValueText(f"Automatic ({default_threads()} on this computer)")

    def _build_answer_rows(self) -> None:
        self.length_combo = QComboBox()
        for name, tokens in ANSWER_LENGTHS:
            self.length_combo.addItem(f"{name} (up to {tokens} tokens)", tokens)
        self.passages_spin = QSpinBox()

    def _build_display_rows(self) -> None:
        self.text_size_spin = QSpinBox()
        self.text_size_spin.setRange(*(round(scale * 100) for scale in TEXT_SCALE_RANGE))
        self.text_size_spin.setSingleStep(10)
        self.text_size_spin.setSuffix("%")
        self.contrast_check = QCheckBox("Use the &high-contrast theme")
        self.emergency_edit = QLineEdit()
        self.emergency_edit.setMaxLength(60)

    def _lay_out(self) -> None:
        form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        offload = QHBoxLayout()
        offload.addWidget(self.gpu_combo, 1)
        offload.addWidget(self.gpu_layers_spin)
        rows = (("&Model:", self.model_combo, None), ("", self.model_note, None),
                ("&GPU offload:", self.gpu_combo, offload), ("", self.detected_label, None),
                ("CPU &threads:", self.threads_spin, None),
                ("&Answer length:", self.length_combo, None),
                ("&Passages per answer:", self.passages_spin, None),
                ("Text &size:", self.text_size_spin, None), ("", self.contrast_check, None),
                ("&Emergency number:", self.emergency_edit, None))
        for text, field, layout in rows:
            if text:
                label = QLabel(text)
                label.setBuddy(field)  # Alt+letter moves to the field; screen readers pair them
                self.labels[text] = label
                form.addRow(label, layout if layout is not None else field)
            else:
                form.addRow("", field)
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addWidget(self.buttons)

    def _describe(self) -> None:
        describe([
            (self.model_combo, "Model",
             "The chat model that writes the answers. Choose Other GGUF file to use a model file "
             "from this computer."),
            (self.gpu_combo, "GPU offload",
             f"Whether the model runs on the graphics card. Detected: {self.detected}"),
            (self.gpu_layers_spin, "GPU layers",
             "How many of the model's layers go on the graphics card (only for Number of layers)."),
            (self.threads_spin, "CPU threads",
             "How many processor threads the model uses. Automatic picks the number of cores."),
            (self.length_combo, "Answer length", "How long an answer may be."),
            (self.passages_spin, "Passages per answer",
             f"How many library passages each answer is based on, 1 to {MAX_PASSAGES}."),
            (self.text_size_spin, "Text size",
             "The size of all text, as a percentage of the computer's normal text size."),
            (self.contrast_check, "High-contrast theme",
             "Black and white colours with a thick outline around the focused control."),
            (self.emergency_edit, "Emergency number",
             "The number every emergency message tells the patient to call. It cannot be empty."),
            (self.ok_button, "OK", "Save the settings and close."),
            (self.cancel_button, "Cancel", "Close without changing any setting."),
        ])

    def focus_chain(self) -> list[QWidget]:
        """The controls in the order Tab visits them."""
        return [self.model_combo, self.gpu_combo, self.gpu_layers_spin, self.threads_spin,
                self.length_combo, self.passages_spin, self.text_size_spin, self.contrast_check,
                self.emergency_edit, self.ok_button, self.cancel_button]

    def _set_tab_order(self) -> None:
        for first, second in pairwise(self.focus_chain()):
            QWidget.setTabOrder(first, second)

    # --- showing values ----------------------------------------------------------------------

    def load(self, settings: Settings) -> None:
        """Show `settings` in the controls."""
        self._select_model(settings.model)
        self._select_offload(settings.gpu_layers)
        self.threads_spin.setRange(0, max(_cpu_count(), settings.n_threads or 0))
        self.threads_spin.setValue(settings.n_threads or 0)
        self._select_length(settings.max_answer_tokens)
        self.passages_spin.setRange(1, max(MAX_PASSAGES, settings.top_k_passages))
        self.passages_spin.setValue(settings.top_k_passages)
        self.text_size_spin.setValue(round(settings.text_scale * 100))
        self.contrast_check.setChecked(settings.high_contrast)
        self.emergency_edit.setText(settings.emergency_number)

    def _select_model(self, model: str) -> None:
        index = self.model_combo.findData(model)
        if index < 0:  # a GGUF path the user chose earlier
            index = self._add_model_path(model)
        self.model_combo.setCurrentIndex(index)
        self._on_model_changed(index)

    def _add_model_path(self, path: str) -> int:
        """Add (or reuse) the entry for a GGUF path, just above "Other GGUF file…"."""
        index = self.model_combo.findData(path)
        if index < 0:
            index = self.model_combo.count() - 1
            self.model_combo.insertItem(index, f"File: {Path(path).name}", path)
        return index

    def _select_offload(self, gpu_layers: str | int) -> None:
        if isinstance(gpu_layers, int) and gpu_layers > 0:
            self.gpu_layers_spin.setValue(gpu_layers)
            choice = _LAYERS
        else:  # 0 layers is the same as off
            self.gpu_layers_spin.setValue(20)
            choice = "cpu" if gpu_layers in ("cpu", 0) else "auto"
        self.gpu_combo.setCurrentIndex(self.gpu_combo.findData(choice))
        self._on_gpu_changed()

    def _select_length(self, tokens: int) -> None:
        index = self.length_combo.findData(tokens)
        if index < 0:  # a limit set in the settings file: keep it as a choice
            self.length_combo.addItem(f"Custom (up to {tokens} tokens)", tokens)
            index = self.length_combo.count() - 1
        self.length_combo.setCurrentIndex(index)

    @Slot(int)
    def _on_model_changed(self, index: int) -> None:
        data = self.model_combo.itemData(index)
        if data == OTHER_GGUF:
            return
        self._model_index = index
        if data in MODEL_CATALOG:
            model = MODEL_CATALOG[data]
            path = model_installed_path(model)
            note = (f"Installed at {path}" if path.is_file()
                    else f"Not installed: {model.install_hint()}.")
        else:
            note = str(data) if Path(data).expanduser().is_file() else f"File not found: {data}"
        self.model_note.setText(note)
        self.model_combo.setToolTip(note)

    @Slot(int)
    def _on_model_activated(self, index: int) -> None:
        if self.model_combo.itemData(index) == OTHER_GGUF:
            self.browse_model()

    @Slot()
    def browse_model(self) -> None:
        """Ask for a GGUF file; cancelling returns to the model chosen before."""
        current = self.model_combo.itemData(self._model_index)
        start = str(Path(current).parent) if current not in MODEL_CATALOG else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose a GGUF model file", start,
                                              "GGUF model files (*.gguf)")
        index = self._add_model_path(path) if path else self._model_index
        self.model_combo.setCurrentIndex(index)
        self._on_model_changed(index)

    @Slot()
    def _on_gpu_changed(self) -> None:
        self.gpu_layers_spin.setEnabled(self.gpu_combo.currentData() == _LAYERS)

    # --- saving ------------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """The edited settings, as Settings field values (not yet validated)."""
        choice = self.gpu_combo.currentData()
        return {
            "model": self.model_combo.itemData(self._model_index),
            "gpu_layers": self.gpu_layers_spin.value() if choice == _LAYERS else choice,
            "n_threads": self.threads_spin.value() or None,
            "max_answer_tokens": self.length_combo.currentData(),
            "top_k_passages": self.passages_spin.value(),
            "text_scale": self.text_size_spin.value() / 100,
            "high_contrast": self.contrast_check.isChecked(),
            "emergency_number": self.emergency_edit.text(),
        }

    def _field_widget(self, name: str) -> QWidget:
        widgets = {
            "model": self.model_combo, "gpu_layers": self.gpu_combo, "n_threads": self.threads_spin,
            "max_answer_tokens": self.length_combo, "top_k_passages": self.passages_spin,
            "text_scale": self.text_size_spin, "high_contrast": self.contrast_check,
            "emergency_number": self.emergency_edit,
        }
        return widgets.get(name, self.model_combo)

    @Slot()
    def save(self) -> None:
        """Validate, write the settings file, emit `saved` and close; on a problem, say so and
        stay open with every edit kept."""
        # model_validate checks the values alone (no settings file or environment is read).
        try:
            new = Settings.model_validate({**self.original.model_dump(), **self.values()})
        except ValidationError as error:
            field, message = validation_message(error)
            QMessageBox.warning(self, "Settings not saved",
                                f"Please correct this setting:\n\n{message}")
            self._field_widget(field).setFocus()
            return
        try:
            new.save()
        except OSError as error:
            QMessageBox.critical(
                self, "Settings not saved",
                f"The settings could not be written ({error.strerror or error}).\n\n"
                "Your changes are still in this window: check that the disk is not full or "
                "read-only, then press OK again.")
            return
        self.saved.emit(new)
        self.accept()
