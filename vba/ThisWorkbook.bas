' The code of the add-in's ThisWorkbook module (its attribute lines come from the empty
' add-in). When the add-in opens it gives every WRES_ worksheet function its description,
' argument help and the category WRES in Excel's Insert Function dialog; the calls are
' written when the add-in is built, from the docstrings in wres_xl.udfs.
Option Explicit

Private Const WRES_CATEGORY As String = "WRES"

Private Sub Workbook_Open()
    #If Mac Then
        ' xlwings runs worksheet functions only in Excel for Windows.
        Exit Sub
    #End If
    On Error Resume Next
    If Not WresDescribeFunctions() Then
        ' Some Excel versions will not change a macro's options in a hidden workbook, and
        ' an add-in is one: make it a workbook for a moment, out of sight, and try again.
        Application.ScreenUpdating = False
        ThisWorkbook.IsAddin = False
        WresDescribeFunctions
        ThisWorkbook.IsAddin = True
        Application.ScreenUpdating = True
    End If
    ' Describing functions marks the add-in as changed, but there is nothing to save.
    ThisWorkbook.Saved = True
End Sub

Private Function WresDescribeFunctions() As Boolean
    On Error GoTo failed
'{{WRES_FUNCTION_DESCRIPTIONS}}
    WresDescribeFunctions = True
    Exit Function
failed:
    WresDescribeFunctions = False
End Function

Private Sub WresDescribe(ByVal name As String, ByVal description As String, ByVal arguments As Variant)
    Dim macro As String
    macro = "'" & Replace(ThisWorkbook.Name, "'", "''") & "'!" & name
    #If VBA7 Then
        ' Argument help needs Excel 2010 or later, which is also when VBA7 arrived.
        Application.MacroOptions Macro:=macro, Description:=description, _
            Category:=WRES_CATEGORY, ArgumentDescriptions:=arguments
    #Else
        Application.MacroOptions Macro:=macro, Description:=description, Category:=WRES_CATEGORY
    #End If
End Sub
