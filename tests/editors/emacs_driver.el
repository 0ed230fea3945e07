;;; emacs_driver.el --- drive codex-config-lsp through Eglot, in batch  -*- lexical-binding: t -*-
;;
;;   CODEX_EMACS_SPEC=spec.json timeout 60 emacs --batch -Q -l tests/editors/emacs_driver.el
;;
;; Loads the documented snippet as a user's init file would, then opens files
;; with `find-file' so that auto-mode-alist, the mode hook and `eglot-ensure'
;; decide, as in an interactive Emacs.  The spec (written by test_emacs.py) has
;; the shape of nvim_driver.lua's (out, snippet, settings, file, expect_first
;; with a Flymake type, hover, edit, attach, no_attach, timeout_ms), except that
;; completion is a list of {line, text, cursor_after, accept}.
;; Lines are 0-based; positions in the report are 0-based buffer offsets
;; (characters).  Exit code 0 when the driver ran to the end.

;; -Q skips Debian's site-start, which puts elpa-* on the load-path
(dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path d))
(require 'eglot)
(require 'json)
(require 'flymake)
(require 'cl-lib)

(defvar drv-errors nil)
(defvar drv-published nil "publishDiagnostics params for the files, newest first.")
(defvar drv-t0 (float-time))
(defvar drv-timings nil)
(defun drv-ms () (round (* 1000 (- (float-time) drv-t0))))
(defun drv-fail (fmt &rest args) (push (apply #'format fmt args) drv-errors))
(defun drv-get (obj &rest keys)
  (dolist (k keys obj) (setq obj (and obj (gethash k obj)))))

(defun drv-wait (label secs pred)
  "Run the event loop (timers, process output) until PRED or SECS pass."
  (let ((deadline (+ (float-time) secs)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (push (cons label (drv-ms)) drv-timings)
    (unless v (drv-fail "%s: timed out after %ss" label secs))
    v))

(defun drv-sleep (secs)
  (let ((deadline (+ (float-time) secs)))
    (while (< (float-time) deadline) (accept-process-output nil 0.02))))

(defun drv-idle ()
  "What the command loop does once the user stops typing: run the idle timers.
Batch Emacs is never idle, and Eglot sends didChange from an idle timer."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun drv-command-loop ()
  "What the command loop does after a command: `eglot-ensure' connects here."
  (run-hooks 'post-command-hook))

(defun drv-published-codes (uri)
  "Codes of the latest publishDiagnostics for URI."
  (let ((p (cl-find uri drv-published :key (lambda (p) (plist-get p :uri)) :test #'equal)))
    (and p (mapcar (lambda (d) (plist-get d :code)) (plist-get p :diagnostics)))))

(defun drv-flymake ()
  (vconcat
   (mapcar (lambda (d)
             (let ((beg (flymake-diagnostic-beg d)))
               (list :line (1- (line-number-at-pos beg))
                     :beg (1- beg) :end (1- (flymake-diagnostic-end d))
                     :column (save-excursion (goto-char beg) (current-column))
                     :type (symbol-name (flymake-diagnostic-type d))
                     :text (flymake-diagnostic-text d))))
           (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))

(defun drv-goto (line find offset)
  (goto-char (point-min))
  (forward-line line)
  (unless (search-forward find (line-end-position) t)
    (error "%S not on line %d" find line))
  (goto-char (+ (match-beginning 0) offset)))

(defun drv-set-line (line text)
  (goto-char (point-min))
  (forward-line line)
  (delete-region (line-beginning-position) (line-end-position))
  (insert text))

(defun drv-managed-p (buffer)
  (with-current-buffer buffer (and (bound-and-true-p eglot--managed-mode) (eglot-current-server) t)))

(let* ((spec (with-temp-buffer
               (insert-file-contents (or (getenv "CODEX_EMACS_SPEC") (error "CODEX_EMACS_SPEC not set")))
               (json-parse-buffer)))
       (timeout (/ (or (gethash "timeout_ms" spec) 10000) 1000.0))
       (report (list :emacs_version emacs-version))
       (ok nil) server uri)
  (condition-case-unless-debug err
      (progn
        (setq eglot-sync-connect timeout eglot-connect-timeout timeout)
        (advice-add 'eglot-handle-notification :before
                    (lambda (_server method &rest params)
                      (when (eq method 'textDocument/publishDiagnostics)
                        (push params drv-published))))
        ;; 1. the user's config
        (load (gethash "snippet" spec) nil t)
        (when (gethash "settings" spec)
          (setq-default eglot-workspace-configuration
                        (json-parse-string (json-serialize (gethash "settings" spec)) :object-type 'plist)))
        (setq report (append report
                             (list :eglot_version
                                   (ignore-errors
                                     (require 'lisp-mnt)
                                     (with-temp-buffer
                                       (insert-file-contents (locate-library "eglot.el"))
                                       (lm-version))))))

        ;; 2. open the Codex config; the server must start for it
        (find-file (gethash "file" spec))
        (drv-command-loop)
        (setq report (append report (list :major_mode (symbol-name major-mode))))
        (unless (drv-wait "attach" timeout (lambda () (drv-managed-p (current-buffer))))
          (error "the server did not start"))
        (setq server (eglot-current-server)
              uri (eglot--path-to-uri (buffer-file-name)))
        (setq report (append report
                             (list :server_info (eglot--server-info server)
                                   :language_id (eglot--language-id server)
                                   :pull_capable (and (eglot--server-capable :diagnosticProvider) t))))
        (let* ((first (gethash "expect_first" spec))
               (code (gethash "code" first)))
          (drv-wait "first_diagnostics" timeout
                    (lambda () (and (member code (drv-published-codes uri))
                                    (cl-some (lambda (d) (eq (flymake-diagnostic-type d)
                                                               (intern (gethash "flymake_type" first))))
                                             (flymake-diagnostics)))))
          (drv-sleep 0.3)
          (setq report (append report (list :first (list :published (length drv-published)
                                                         :codes (vconcat (drv-published-codes uri))
                                                         :flymake (drv-flymake))))))

        ;; 3. hover: the editor's position params at point, Eglot's renderer
        (let (hovers)
          (dolist (h (append (gethash "hover" spec) nil))
            (drv-goto (gethash "line" h) (gethash "find" h) (gethash "offset" h))
            (let* ((res (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)
                                         :timeout timeout))
                   (contents (plist-get res :contents)))
              (push (list :line (gethash "line" h) :find (gethash "find" h)
                          :text (if contents (substring-no-properties (eglot--hover-info contents)) :null))
                    hovers)))
          (setq report (append report (list :hover (vconcat (nreverse hovers))))))

        ;; 4. an edit in the buffer: Eglot sends didChange when idle, the server pushes
        (let* ((e (gethash "edit" spec))
               (before (length drv-published))
               (code (gethash "wait_code" e)))
          (drv-set-line (gethash "line" e) (gethash "text" e))
          (drv-idle)
          (drv-wait "edit_diagnostics" timeout
                    (lambda () (and (member code (drv-published-codes uri))
                                    (cl-some (lambda (d) (string-match-p (regexp-quote code) (flymake-diagnostic-text d)))
                                             (flymake-diagnostics)))))
          (setq report (append report (list :edit (list :published (- (length drv-published) before)
                                                        :codes (vconcat (drv-published-codes uri))
                                                        :flymake (drv-flymake))))))

        ;; 5. completion through Eglot's completion-at-point function, as a
        ;; completion UI calls it: the candidates it offers for the typed text,
        ;; then the accepted one goes in and Eglot's exit function applies the
        ;; item's textEdit
        (let ((wait-code (gethash "wait_code" (gethash "edit" spec)))
              completions)
          (dolist (c (append (gethash "completion" spec) nil))
            (let ((line (gethash "line" c)))
              (drv-set-line line (gethash "text" c))
              (drv-idle)
              (drv-goto line (gethash "cursor_after" c) (length (gethash "cursor_after" c)))
              (let* ((position (eglot--pos-to-lsp-position))
                     (capf (eglot-completion-at-point))
                     (beg (nth 0 capf)) (end (nth 1 capf)) (table (nth 2 capf))
                     (exit (plist-get (nthcdr 3 capf) :exit-function))
                     (typed (buffer-substring-no-properties beg end))
                     (cands (all-completions typed table))
                     (all (all-completions "" table))
                     (accept (gethash "accept" c))
                     (chosen (and (stringp accept) (cl-find accept cands :test #'string=)))
                     (published (length drv-published))
                     line-after)
                (when chosen
                  (delete-region beg end)
                  (goto-char beg)
                  (insert chosen)
                  (funcall exit chosen 'finished)
                  (setq line-after (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
                  (drv-idle)
                  (drv-wait "diagnostics_after_completion" timeout
                            (lambda () (and (> (length drv-published) published)
                                            (not (member wait-code (drv-published-codes uri)))))))
                (push (list :position position
                            :typed typed
                            :labels (vconcat (mapcar #'substring-no-properties cands))
                            :labels_unfiltered (vconcat (mapcar #'substring-no-properties all))
                            :filter_texts (vconcat (mapcar (lambda (p) (or (plist-get (get-text-property 0 'eglot--lsp-item p) :filterText) :null)) all))
                            :accepted (if chosen t :json-false)
                            :line_after (or line-after :null)
                            :codes_after (vconcat (drv-published-codes uri)))
                      completions))))
          (setq report (append report (list :completion (vconcat (nreverse completions))))))

        ;; 6. which other files get the server
        (let (attach)
          (dolist (group (list (cons (gethash "attach" spec) t) (cons (gethash "no_attach" spec) nil)))
            (dolist (path (append (car group) nil))
              (find-file path)
              (drv-command-loop)
              (let ((buf (current-buffer)))
                (if (cdr group)
                    (drv-wait (concat "attach " path) timeout (lambda () (drv-managed-p buf)))
                  (drv-sleep 0.3))
                (push (list :path path :mode (symbol-name major-mode)
                            :attached (if (drv-managed-p buf) t :json-false))
                      attach))))
          (setq report (append report (list :attach (vconcat (nreverse attach))))))

        ;; 7. shutdown request + exit for every server
        (let ((servers (cl-loop for s being the hash-values of eglot--servers-by-project
                                append s)))
          (setq report (append report (list :servers (length servers))))
          (dolist (s servers) (eglot-shutdown s nil timeout))
          (setq report (append report (list :stopped (if (cl-every (lambda (s) (not (process-live-p (jsonrpc--process s)))) servers)
                                                           t :json-false)))))
        (setq ok t))
    (error (drv-fail "%S" err)))
  (with-temp-file (gethash "out" spec)
    (insert (json-encode (append report
                                 (list :timings_ms (nreverse drv-timings)
                                       :total_ms (drv-ms)
                                       :errors (vconcat (nreverse drv-errors)))))))
  (message "emacs_driver: %s %S" (if ok "done" "FAILED") drv-errors)
  (kill-emacs (if ok 0 1)))
