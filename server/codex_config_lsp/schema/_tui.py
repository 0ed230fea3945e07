"""`[tui]`: terminal UI settings, key bindings, and the small `[profiles.<name>.tui]` subset.

Key names and enum values were measured on Codex 0.169.0 and 0.171.0 (`codex exec --strict-config`). Keys
that the JSON schema lists but the binaries reject (`show_mcp_startup_status`) are left out on purpose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, create_model

from ._base import CodexTable
from ._meta import U8, U32, F, Label, Rule, Str
from .constraints import finite_positive

__all__ = ["Tui", "ProfileTui", "TuiKeymap", "Keybinding", "SessionPickerView"]

Keybinding = Annotated[Str | list[Str], Label("key name or array of key names")]
SessionPickerView = Literal["comfortable", "dense"]

# Actions per key-map context, as Codex 0.169.0 knows them (probed one by one); later additions below.
_KEYMAP_ACTIONS: dict[str, tuple[str, ...]] = {
    "global": (
        "submit",
        "queue",
        "copy",
        "clear_terminal",
        "open_transcript",
        "open_external_editor",
        "toggle_shortcuts",
        "toggle_vim_mode",
        "toggle_raw_output",
        "toggle_fast_mode",
        "leader",
        "change_host",
        "focus_main_composer",
        "focus_sidebar_content",
        "focus_sidebar_tabs",
        "hide_pane",
        "close_sidebar_tab",
        "sidebar_up",
        "sidebar_down",
        "focus_pane_left",
        "focus_pane_right",
        "minimize_pane_width",
        "maximize_pane_width",
        "equalize_pane_widths",
        "resize_panes",
        "move_divider_left",
        "move_divider_right",
        "open_agents",
        "find_transcript",
        "select_transcript",
        "focus_activity",
        "toggle_side_conversation",
    ),
    "chat": (
        "interrupt_turn",
        "edit_queued_message",
        "decrease_reasoning_effort",
        "increase_reasoning_effort",
        "open_presets",
        "toggle_voice",
        "toggle_voice_mute",
        "previous_permission_mode",
        "next_permission_mode",
        "prompt_stack_back",
        "skip_question",
    ),
    "composer": ("submit", "queue", "toggle_shortcuts", "history_search_previous", "history_search_next"),
    "editor": (
        "insert_newline",
        "move_left",
        "move_right",
        "move_up",
        "move_down",
        "move_word_left",
        "move_word_right",
        "move_line_start",
        "move_line_end",
        "delete_backward",
        "delete_forward",
        "delete_backward_word",
        "delete_forward_word",
        "kill_line_start",
        "kill_line_end",
        "kill_whole_line",
        "yank",
    ),
    "pager": (
        "scroll_up",
        "scroll_down",
        "page_up",
        "page_down",
        "half_page_up",
        "half_page_down",
        "jump_top",
        "jump_bottom",
        "close",
        "close_transcript",
        "find",
    ),
    "list": (
        "move_up",
        "move_down",
        "move_left",
        "move_right",
        "page_up",
        "page_down",
        "jump_top",
        "jump_bottom",
        "accept",
        "cancel",
    ),
    "approval": (
        "approve",
        "approve_for_session",
        "approve_for_prefix",
        "deny",
        "decline",
        "cancel",
        "open_fullscreen",
        "open_thread",
    ),
    "vim_normal": (
        "enter_insert",
        "append_after_cursor",
        "append_line_end",
        "insert_line_start",
        "open_line_below",
        "open_line_above",
        "enter_replace_mode",
        "move_left",
        "move_right",
        "move_up",
        "move_down",
        "move_word_forward",
        "move_word_backward",
        "move_word_end",
        "move_line_start",
        "move_line_end",
        "jump_top",
        "jump_bottom",
        "find_forward",
        "find_backward",
        "till_forward",
        "till_backward",
        "delete_char",
        "replace_char",
        "repeat_last_change",
        "substitute_char",
        "delete_to_line_end",
        "change_to_line_end",
        "yank_line",
        "paste_after",
        "start_delete_operator",
        "start_yank_operator",
        "start_change_operator",
        "cancel_operator",
        "undo",
        "redo",
    ),
    "vim_operator": (
        "delete_line",
        "yank_line",
        "motion_left",
        "motion_right",
        "motion_up",
        "motion_down",
        "motion_word_forward",
        "motion_word_backward",
        "motion_word_end",
        "motion_line_start",
        "motion_line_end",
        "motion_find_forward",
        "motion_find_backward",
        "motion_till_forward",
        "motion_till_backward",
        "motion_jump_top",
        "motion_jump_bottom",
        "select_inner_text_object",
        "select_around_text_object",
        "cancel",
    ),
    "vim_text_object": (
        "word",
        "big_word",
        "parentheses",
        "brackets",
        "braces",
        "double_quote",
        "single_quote",
        "backtick",
        "cancel",
    ),
    "vim_search": ("forward", "backward", "next", "previous"),
    "agents": (
        "resume",
        "new_worktree",
        "rename",
        "toggle_pin",
        "toggle_grouping",
        "archive",
        "delete",
        "fork",
        "search",
        "stop",
    ),
}

# Actions a later release added: (context, action) -> first release that knows it (probed on both binaries).
_KEYMAP_SINCE: dict[tuple[str, str], str] = {
    ("composer", "undo"): "0.171.0",
    ("composer", "redo"): "0.171.0",
    ("global", "choose_cloud_environment"): "0.171.0",
    ("pager", "mark_markdown"): "0.171.0",
}
for (_context, _action), _release in _KEYMAP_SINCE.items():
    _KEYMAP_ACTIONS[_context] += (_action,)

_CONTEXT_HELP = {
    "global": "Key bindings that work everywhere in the TUI (context tables take precedence).",
    "chat": "Key bindings for the chat view.",
    "composer": "Key bindings for the message composer.",
    "editor": "Key bindings for text editing in the composer.",
    "pager": "Key bindings for the transcript pager.",
    "list": "Key bindings for pickers and lists.",
    "approval": "Key bindings for approval prompts.",
    "vim_normal": "Key bindings for Vim normal mode.",
    "vim_operator": "Key bindings for Vim operator-pending mode.",
    "vim_text_object": "Key bindings for Vim text objects.",
    "vim_search": "Key bindings for Vim search.",
    "agents": "Key bindings for the agents overview.",
}


def _keymap_model(context: str, actions: tuple[str, ...]) -> type[CodexTable]:
    fields: dict[str, Any] = {}
    for action in actions:
        py = f"k_{action}"
        words = action.replace("_", " ")
        since = _KEYMAP_SINCE.get((context, action))
        fields[py] = (Keybinding, F(f"Key(s) for “{words}”.", alias=action, since=since))
    name = "TuiKeymap" + "".join(part.title() for part in context.split("_"))
    model = create_model(name, __base__=CodexTable, **fields)
    model.__doc__ = _CONTEXT_HELP[context]
    return model


_KEYMAP_MODELS = {ctx: _keymap_model(ctx, actions) for ctx, actions in _KEYMAP_ACTIONS.items()}


def _keymap() -> type[CodexTable]:
    fields: dict[str, Any] = {
        f"c_{ctx}": (model, F(_CONTEXT_HELP[ctx], alias=ctx)) for ctx, model in _KEYMAP_MODELS.items()
    }
    model = create_model("TuiKeymap", __base__=CodexTable, **fields)
    model.__doc__ = 'Rebind TUI actions; a value is a key name like "ctrl-k" or an array of them.'
    return model


if TYPE_CHECKING:  # a model made from the tables of actions: type checkers see a table
    TuiKeymap = CodexTable
else:
    TuiKeymap = _keymap()


class TuiEffects(CodexTable):
    """Visual effects in the TUI."""

    starfield: bool = F("Show the starfield effect.")
    shimmer: bool = F("Show shimmer effects on running items.")
    welcome: bool = F("Show the animated welcome screen.")


class TuiRendering(CodexTable):
    """How rich content is drawn in the transcript."""

    mermaid: bool = F("Render Mermaid diagrams.")
    tables: bool = F("Render Markdown tables as tables.")
    lists: bool = F("Render Markdown lists with layout.")


class Tui(CodexTable):
    """Settings for the terminal UI."""

    theme: Str = F("Syntax-highlighting theme name (kebab-case); overrides light/dark detection.")
    notifications: Annotated[bool | list[Str], Label("boolean or array of strings")] = F(
        "Desktop notifications: true/false, or a list of event names to notify about.", "true"
    )
    notification_method: Literal["auto", "osc9", "osc777", "bel"] = F(
        "Terminal escape used for notifications.", '"auto"'
    )
    notification_condition: Literal["unfocused", "always"] = F(
        "Notify only when the terminal is unfocused, or always.", '"unfocused"'
    )
    alternate_screen: Literal["auto", "always", "never"] = F(
        "Whether the TUI uses the terminal's alternate screen.", '"auto"'
    )
    animations: bool = F("Animations (welcome screen, shimmer, spinners).", "true")
    show_tooltips: bool = F("Show tips on the welcome screen.", "true")
    status_line: list[Str] = F('Items shown in the status line, in order (e.g. "model-with-reasoning", "git-branch").')
    status_line_use_colors: bool = F("Color status-line items using the syntax theme.", "true")
    terminal_title: list[Str] = F("Items shown in the terminal window title, in order.")
    vim_mode_default: bool = F("Start the composer in Vim normal mode.", "false")
    raw_output_mode: bool = F("Start in raw scrollback mode (easier to copy).", "false")
    session_picker_view: SessionPickerView = F("Layout of the resume/fork session picker.")
    keymap: TuiKeymap = F("Rebind TUI actions per context (global, chat, composer, ...).")
    pet: Str = F("Terminal pet to preselect (custom pets live in $CODEX_HOME/pets).")
    pet_anchor: Literal["composer", "screen-bottom"] = F("Where the terminal pet sits.", '"composer"')
    terminal_resize_reflow_max_rows: Annotated[int, Field(ge=0)] = F(
        "Cap on transcript rows replayed when the terminal is resized."
    )
    model_availability_nux: dict[str, U32] = F("Tooltip counters per model, written by Codex.")
    disable_paste_burst: bool = F("Turn off detection of fast pasted input in the TUI.")
    screen_reader_detection_done: bool = F("Set by Codex once it has checked for a screen reader.")
    fullscreen_transcript: bool = F("Open the transcript full screen.")
    show_server_version_notice: bool = F("Show a notice when the app server version differs.")
    auto_recap: bool = F("Show an automatic recap when resuming a session.")
    question_esc_back: bool = F("Esc goes back a step in multi-question prompts.")
    collapse_turn_details: bool = F("Collapse tool-call details of finished turns.")
    sidebar_width_percent: U8 = F("Width of the sidebar as a percentage of the screen.")
    mouse_scroll_speed: Annotated[float, Rule(finite_positive, "number > 0")] = F(
        "Lines scrolled per mouse-wheel step (a number greater than 0)."
    )
    copy_on_select: Literal["auto", "always", "never"] = F("Copy text to the clipboard when it is selected.")
    copy_on_select_clear_selection: bool = F("Clear the selection after copying it.")
    right_click_paste: Literal["auto", "on", "off"] = F("Paste with a right click.")
    agents_overview_grouping: Literal["project", "status", "model"] = F("How the agents overview groups threads.")
    resume_cwd: Literal["current", "session"] = F(
        "Working directory when resuming: the current one or the session's own."
    )
    effects: TuiEffects = F("Visual effects (starfield, shimmer, welcome).")
    rendering: TuiRendering = F("Rich rendering of Mermaid, tables and lists.")
    presets: dict[str, Any] = F("Saved TUI presets, written by Codex.")
    default_hosts: dict[str, Any] = F("Default hosts per context, written by Codex.")


class ProfileTui(CodexTable):
    """The only TUI setting a legacy profile may change."""

    session_picker_view: SessionPickerView = F("Layout of the resume/fork session picker.")
