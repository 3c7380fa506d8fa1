Attribute VB_Name = "WresFunctions"
' The WRES worksheet functions (SPEC section 6). The wrappers are written when the add-in
' is built, from wres_xl.udfs (wres_xl/commands/addin/functions.py), in the form xlwings' "Import
' Functions" generates, so they work as soon as the add-in is loaded: nothing here lists
' the functions. Each passes its arguments in order to the Python function of the same
' name; an optional argument left out arrives as missing and takes the Python default.
' xlwings runs worksheet functions only in Excel for Windows, so on a Mac each function
' says so in the cell instead of showing a technical error.
#Const App = "Microsoft Excel"
Option Explicit

Private Const WRES_ON_MAC As String = "WRES: worksheet functions need Excel for Windows. " & _
    "On a Mac, use the Refresh button on the WRES tab."

' What a cell shows when Python could not be reached, in words an analyst can act on. The
' raw text (a DLL message) follows in brackets for whoever supports them.
Private Function WresCellError(ByVal number As Long, ByVal description As String) As String
    Dim reason As String
    If InStr(1, description, "Could not load xlwings", vbTextCompare) > 0 Then
        reason = "Excel cannot find the xlwings DLL beside the Python that wres-xl uses. " & _
            "Run 'wres-xl addin install' again from that Python, and restart Excel."
    ElseIf InStr(1, Application.Path, "\WindowsApps\", vbTextCompare) > 0 Then
        reason = "this Excel came from the Microsoft Store, and it cannot start the " & _
            "Python worksheet functions. Ask IT for the Microsoft 365 Apps (desktop) Excel."
    ElseIf number = 1000 Then
        reason = "Excel was not allowed to start Python. On a managed NHS PC this is " & _
            "usually Microsoft Defender's rule 'Block all Office applications from " & _
            "creating child processes'; ask IT to allow Excel to start the wres-xl Python " & _
            "(see 'Deploying across a trust' in the wres-xl README)."
    Else
        WresCellError = description
        Exit Function
    End If
    WresCellError = "WRES: " & reason & " (" & description & ")"
End Function

'{{WRES_FUNCTION_WRAPPERS}}
