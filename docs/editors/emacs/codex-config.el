;;; codex-config.el --- codex-config-lsp through Eglot  -*- lexical-binding: t -*-
;; Emacs 29+ has Eglot built in; on Emacs 28 install the eglot package
;; (Debian 12: apt-get install elpa-eglot).  A mode of its own for Codex config
;; files keeps the server away from every other TOML file: it runs for
;; **/.codex/config.toml, **/.codex/*.config.toml and $CODEX_HOME/config.toml,
;; never for Cargo's, Hugo's or any other config.toml.

(define-derived-mode codex-config-mode conf-toml-mode "Codex-Config"
  "Major mode for the config.toml of OpenAI's Codex CLI.")

(add-to-list 'auto-mode-alist
             '("/\\.codex/\\(?:[^/]+\\.\\)?config\\.toml\\'" . codex-config-mode))
(let ((home (getenv "CODEX_HOME")))
  (when (and home (not (equal home "")))
    (add-to-list 'auto-mode-alist
                 (cons (concat "\\`" (regexp-quote (expand-file-name "config.toml" home)) "\\'")
                       'codex-config-mode))))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((codex-config-mode :language-id "toml") . ("codex-config-lsp" "serve"))))
(add-hook 'codex-config-mode-hook #'eglot-ensure)

;; Settings (optional), sent as workspace/configuration section codexConfig:
;; (setq-default eglot-workspace-configuration
;;               '(:codexConfig (:severity (:unknown-key "hint"))))
